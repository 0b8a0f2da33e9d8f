package io.trustee.rego.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The conformance report: {@code mvn -pl kbs-rego -Prego-conformance verify
 * -Drego.conformance.dir=DIR} prints one tally line per directory and a final {@code N passed, N
 * failed, N skipped} line. It measures, it does not assert (the pinned minimum lives in {@link
 * ConformanceMinimumTest}).
 */
class OpaConformanceReportTest {
  @Test
  void reportsTallies() throws Exception {
    String dir = System.getProperty("rego.conformance.dir");
    assumeTrue(
        dir != null && Files.isDirectory(Path.of(dir)),
        "rego.conformance.dir is not a directory: " + dir);
    ConformanceRunner r = new ConformanceRunner();
    r.runAll(Path.of(dir));
    StringBuilder sb = new StringBuilder();
    r.byDir().forEach((d, t) -> sb.append(d).append(": ").append(t).append('\n'));
    for (String f : r.failures()) {
      sb.append("FAILED ").append(f.length() > 400 ? f.substring(0, 400) + "..." : f).append('\n');
    }
    sb.append(r.total()).append('\n');
    System.out.print(sb);
  }
}
