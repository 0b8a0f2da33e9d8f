package io.trustee.kbs.attestation;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Access to the shared test vectors in {@code kbs.testdata.dir} (read at test time, never copied
 * into the repository). Tests that need them are skipped when the directory is absent.
 */
public final class TestVectors {
  public static final ObjectMapper JSON = new ObjectMapper();

  private TestVectors() {}

  /** The test data directory; skips the calling test if it is not there. */
  public static Path dir() {
    String p = System.getProperty("kbs.testdata.dir");
    assumeTrue(
        p != null && Files.isDirectory(Path.of(p)),
        "shared test data not found (system property kbs.testdata.dir=" + p + "); skipping");
    return Path.of(p);
  }

  public static Path path(String relative) {
    return dir().resolve(relative);
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String relative) {
    return new String(bytes(relative), StandardCharsets.UTF_8);
  }

  public static JsonNode json(String relative) {
    try {
      return JSON.readTree(bytes(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<X509Certificate> certificates(String relative) {
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (var c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes(relative)))) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JSON code block that follows {@code marker} in the test-data README. */
  public static JsonNode readmeJsonAfter(String marker) {
    String readme = text("README.md");
    int at = readme.indexOf(marker);
    assumeTrue(at >= 0, "README marker not found: " + marker);
    int start = readme.indexOf("```json", at) + "```json".length();
    int end = readme.indexOf("```", start);
    try {
      return JSON.readTree(readme.substring(start, end));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
