package io.trustee.kbs.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared test data directory ({@code kbs.testdata.dir}); skips when it is absent. */
public final class TestData {
  private TestData() {}

  public static Path dir(String sub) {
    String prop = System.getProperty("kbs.testdata.dir");
    assumeTrue(prop != null, "system property kbs.testdata.dir is not set; skipping data tests");
    Path p = Path.of(prop).resolve(sub);
    assumeTrue(Files.isDirectory(p), "test data directory " + p + " is absent; skipping");
    return p;
  }
}
