package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.metrics.BuildInfo;
import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.runtime.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness of the az-snp-vtpm verifier ({@link VerifierProducer#amdNotReady()}): DOWN with the
 * reason when the operator set it up and it cannot work, ready with the pinned chains, and not DOWN
 * for a development server that never set it up (the IT server and {@code mvn -Prun}, whose default
 * {@code <data>/amd} does not exist).
 */
class VerifierProducerReadinessTest {
  @TempDir Path data;

  VerifierProducer producer(String certsDir) {
    Map<String, String> m = new HashMap<>();
    m.put("kbs.data.dir", data.toString());
    if (certsDir != null) {
      m.put("kbs.amd.certs-dir", certsDir);
    }
    return started(m);
  }

  /** A producer started with these settings, as the container would (also ServerStatusTest). */
  static VerifierProducer started(Map<String, String> settings) {
    VerifierProducer p = new VerifierProducer();
    p.settings = TestSettings.of(settings);
    p.tees = VerifierProducer.installedTees();
    p.clock = Clock.systemUTC();
    p.metrics = new KbsMetrics(new BuildInfo("test", "test", "test"));
    p.start();
    return p;
  }

  @Test
  void theDefaultDirectoryMissingIsOnlyAWarning() {
    VerifierProducer p = producer(null);

    assertThat(p.amdProblem()).isPresent();
    assertThat(p.amdNotReady()).isEmpty();
  }

  @Test
  void theOfficialChainsMakeItReady() {
    VerifierProducer p = producer(TestVectors.path("amd").toString());

    assertThat(p.registry().forTee("az-snp-vtpm")).isPresent();
    assertThat(p.amdNotReady()).isEmpty();
  }

  @Test
  void aConfiguredDirectoryThatDoesNotExistIsDown() {
    Path dir = data.resolve("nowhere");
    VerifierProducer p = producer(dir.toString());

    assertThat(p.amdNotReady())
        .contains("az-snp-vtpm verifier cannot work: kbs.amd.certs-dir " + dir + " does not exist");
  }

  @Test
  void aConfiguredPathThatIsNoDirectoryIsDown() throws Exception {
    Path file = Files.writeString(data.resolve("amd-file"), "x");
    VerifierProducer p = producer(file.toString());

    assertThat(p.amdNotReady())
        .contains(
            "az-snp-vtpm verifier cannot work: kbs.amd.certs-dir "
                + file
                + " is not a readable directory");
  }

  @Test
  void theDefaultDirectoryWithoutAnyChainIsDown() throws Exception {
    Path dir = Files.createDirectories(data.resolve("amd"));
    Files.writeString(dir.resolve("README"), "chains go here");
    VerifierProducer p = producer(null);

    assertThat(p.amdNotReady())
        .get()
        .asString()
        .startsWith("az-snp-vtpm verifier cannot work: AMD certificates in " + dir + " unusable")
        .contains("no AMD chain file");
  }

  @Test
  void anUnusableChainFileIsDown() throws Exception {
    Path dir = Files.createDirectories(data.resolve("chains"));
    Files.writeString(dir.resolve("milan_ask_ark_asvk.pem"), "not a certificate");
    VerifierProducer p = producer(dir.toString());

    assertThat(p.amdNotReady())
        .get()
        .asString()
        .startsWith("az-snp-vtpm verifier cannot work: AMD certificates in " + dir + " unusable");
  }

  @Test
  void theDecisionNeedsAProblemAndAnOperatorWhoSetItUp() {
    assertThat(VerifierProducer.amdNotReady(Optional.empty(), true, true)).isEmpty();
    assertThat(VerifierProducer.amdNotReady(Optional.of("p"), false, false)).isEmpty();
    assertThat(VerifierProducer.amdNotReady(Optional.of("p"), true, false))
        .contains("az-snp-vtpm verifier cannot work: p");
    assertThat(VerifierProducer.amdNotReady(Optional.of("p"), false, true))
        .contains("az-snp-vtpm verifier cannot work: p");
  }
}
