package io.trustee.kbs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server-config/bin/fetch-amd-chains} (used by the container recipe) installs the real AMD
 * chains only when each ARK matches its pinned fingerprint. Runs the script offline with {@code
 * --from-dir} on the chains in {@code ../shared/testdata/amd}.
 */
class FetchAmdChainsScriptTest {
  @TempDir Path tmp;

  private static Path script() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path s = p.resolve("server-config/bin/fetch-amd-chains");
      if (Files.exists(s)) {
        return s;
      }
    }
    throw new IllegalStateException("server-config/bin/fetch-amd-chains not found");
  }

  private static Path amdTestData() {
    Path d =
        Path.of(System.getProperty("kbs.testdata.dir", "../../shared/testdata")).resolve("amd");
    assumeTrue(Files.isDirectory(d), "AMD chains of ../shared/testdata not present: " + d);
    return d;
  }

  private record Run(int exit, String output) {}

  private static Run run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", script().toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  @Test
  void installsTheOfficialChainsAfterCheckingThePins() throws Exception {
    Path dest = tmp.resolve("amd");
    Run r = run("--from-dir", amdTestData().toString(), dest.toString());
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("milan", "genoa", "turin").contains("ARK pin verified");
    assertThat(dest.resolve("milan_cert_chain.pem")).exists();
    assertThat(dest.resolve("turin_cert_chain.pem")).exists();
  }

  @Test
  void refusesAChainWhoseArkIsNotTheOfficialOneOfItsGeneration() throws Exception {
    Path src = tmp.resolve("src");
    Files.createDirectories(src);
    Path amd = amdTestData();
    // Genoa's chain presented as Milan's: a valid AMD chain, but not Milan's pinned root.
    Files.copy(amd.resolve("genoa_ask_ark_asvk.pem"), src.resolve("milan_ask_ark_asvk.pem"));
    Files.copy(amd.resolve("genoa_ask_ark_asvk.pem"), src.resolve("genoa_ask_ark_asvk.pem"));
    Files.copy(amd.resolve("turin_ask_ark_asvk.pem"), src.resolve("turin_ask_ark_asvk.pem"));
    Path dest = tmp.resolve("out");
    Run r = run("--from-dir", src.toString(), dest.toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("milan ARK fingerprint").contains("not the pinned");
    assertThat(dest.resolve("milan_cert_chain.pem")).doesNotExist();
  }
}
