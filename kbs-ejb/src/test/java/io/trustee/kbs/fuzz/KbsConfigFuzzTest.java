package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.kbs.config.KbsConfigException;
import io.trustee.kbs.config.KbsConfigFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target: an upstream {@code kbs-config} file read by {@link KbsConfigFile#load}, as TOML,
 * JSON or extension-less (TOML, then JSON), chosen by the first byte. Typed error:
 * KbsConfigException.
 */
class KbsConfigFuzzTest {
  private static final String[] NAMES = {"kbs-config.toml", "kbs-config.json", "kbs-config"};
  private static Path dir;

  @BeforeAll
  static void createDir() throws IOException {
    dir = Files.createTempDirectory("kbs-config-fuzz");
  }

  @AfterAll
  static void deleteDir() throws IOException {
    for (String n : NAMES) {
      Files.deleteIfExists(dir.resolve(n));
    }
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxExecutions = 3_000, maxDuration = "20s")
  void kbsConfig(byte[] data) {
    if (data.length < 1 || data.length > 64 * 1024) {
      return;
    }
    Path file = dir.resolve(NAMES[(data[0] & 0xff) % NAMES.length]);
    try {
      Files.write(file, Arrays.copyOfRange(data, 1, data.length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FuzzProperty.onlyTypedErrors(
        "KbsConfigFile.load", () -> KbsConfigFile.load(file).toString(), KbsConfigException.class);
  }
}
