package io.trustee.kbs.attestation.azsnpvtpm;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.attestation.spi.VerifierOffer;
import io.trustee.kbs.attestation.spi.VerifierSettings;
import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzSnpVtpmTeeTest {
  static AzSnpVtpmSimulator sim;
  final AzSnpVtpmTee tee = new AzSnpVtpmTee();

  @BeforeAll
  static void simulator() {
    sim = AzSnpVtpmSimulator.builder().build();
  }

  @Test
  void withoutTheCertsDirTheVerifierIsUnavailable(@TempDir Path tmp) {
    Path dir = tmp.resolve("amd");
    VerifierSettings s = new VerifierSettings(false, dir, false);
    VerifierOffer offer = tee.create(s);
    assertThat(offer.verifier()).isEmpty();
    assertThat(offer.unavailable()).contains("kbs.amd.certs-dir " + dir + " does not exist");
    assertThat(tee.inputsFingerprint(s)).isEqualTo("absent");
  }

  @Test
  void unusableCertificatesMakeTheVerifierUnavailable(@TempDir Path dir) throws Exception {
    VerifierOffer offer = tee.create(new VerifierSettings(false, dir, false));
    assertThat(offer.verifier()).isEmpty();
    assertThat(offer.unavailable().orElseThrow())
        .startsWith("AMD certificates in " + dir + " unusable: ")
        .contains("no AMD chain file");
  }

  @Test
  void offersTheVerifierOfTheChainsInTheCertsDir(@TempDir Path dir) throws Exception {
    VerifierSettings s = new VerifierSettings(false, dir, true);
    String empty = tee.inputsFingerprint(s);
    sim.writeChainTo(dir);
    assertThat(tee.inputsFingerprint(s)).isNotEqualTo(empty);
    VerifierOffer offer = tee.create(s);
    assertThat(offer.unavailable()).isEmpty();
    AzSnpVtpmVerifier v = (AzSnpVtpmVerifier) offer.verifier().orElseThrow();
    assertThat(v.usesUnpinnedRoots()).isTrue();
    assertThat(v.scheme()).isEqualTo(tee.scheme());
  }

  @Test
  void simulatedRootsAreRefusedWhenPinned(@TempDir Path dir) throws Exception {
    sim.writeChainTo(dir);
    VerifierOffer offer = tee.create(new VerifierSettings(false, dir, false));
    assertThat(offer.verifier()).isEmpty();
    assertThat(offer.unavailable()).isPresent();
  }
}
