package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmVerifier;
import io.trustee.kbs.attestation.sample.SampleVerifier;
import io.trustee.kbs.attestation.spi.TeeRegistry;
import io.trustee.kbs.metrics.BuildInfo;
import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.runtime.TestSettings;
import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierProducerTest {

  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MovingClock clock = new MovingClock();

  VerifierProducer producer(Map<String, String> settings) {
    VerifierProducer p = new VerifierProducer();
    p.settings = TestSettings.of(settings);
    p.tees = VerifierProducer.installedTees();
    p.clock = clock;
    p.metrics = new KbsMetrics(new BuildInfo("test", "test", "test"));
    p.start();
    return p;
  }

  @Test
  void producesTheInstalledTees() {
    assertThat(VerifierProducer.installedTees()).isSameAs(TeeRegistry.installed());
  }

  @Test
  void sampleOnlyWhenEnabled(@TempDir Path dir) {
    VerifierProducer off = producer(Map.of("kbs.amd.certs-dir", dir.resolve("amd").toString()));
    assertThat(off.registry().forTee("sample")).isEmpty();
    assertThat(off.sampleRefused("sample")).isTrue();
    assertThat(off.sampleRefused("az-snp-vtpm")).isFalse();
    VerifierProducer on =
        producer(
            Map.of(
                "kbs.amd.certs-dir",
                dir.resolve("amd").toString(),
                "kbs.tee.sample.enabled",
                "true"));
    assertThat(on.registry().forTee("sample")).get().isInstanceOf(SampleVerifier.class);
    assertThat(on.sampleRefused("sample")).isFalse();
  }

  @Test
  void amdChainsInstalledLaterAreUsedAfterTheNextRescan(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("amd");
    VerifierProducer p =
        producer(
            Map.of("kbs.amd.certs-dir", dir.toString(), "kbs.amd.allow-unpinned-roots", "true"));
    assertThat(p.registry().forTee("az-snp-vtpm")).isEmpty();
    assertThat(p.amdProblem()).contains("kbs.amd.certs-dir " + dir + " does not exist");
    assertThat(p.unpinnedRoots()).isFalse();

    java.nio.file.Files.createDirectories(dir);
    AzSnpVtpmSimulator.builder().build().writeChainTo(dir);
    clock.now = clock.now.plus(Duration.ofSeconds(5));
    assertThat(p.registry().forTee("az-snp-vtpm")).as("not rescanned within 10 s").isEmpty();

    clock.now = clock.now.plus(Duration.ofSeconds(6));
    assertThat(p.registry().forTee("azsnpvtpm")).get().isInstanceOf(AzSnpVtpmVerifier.class);
    assertThat(p.amdProblem()).isEmpty();
    assertThat(p.unpinnedRoots()).isTrue();
  }
}
