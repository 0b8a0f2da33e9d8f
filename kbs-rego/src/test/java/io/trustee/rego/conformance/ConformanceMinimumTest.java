package io.trustee.rego.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs the public OPA conformance sample on every build and fails if fewer cases pass than the
 * pinned minimum. Raise {@link #MIN_PASSED} as the engine improves; never lower it.
 */
class ConformanceMinimumTest {
  /** The pinned minimum number of passing public cases (of 904). */
  static final int MIN_PASSED = 1647;

  @Test
  void publicSamplePassesAtLeastThePinnedMinimum() throws Exception {
    String base = System.getProperty("kbs.testdata.dir");
    Path dir = base == null ? null : Path.of(base, "opa-conformance", "v1");
    assumeTrue(
        dir != null && Files.isDirectory(dir),
        "OPA conformance cases not found under kbs.testdata.dir=" + base);
    ConformanceRunner r = new ConformanceRunner();
    r.runAll(dir);
    Path out = Path.of("target", "rego-conformance-failures.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, r.failures());
    System.out.println("OPA conformance (public sample): " + r.total());
    assertThat(r.total().passed).isGreaterThanOrEqualTo(MIN_PASSED);
  }
}
