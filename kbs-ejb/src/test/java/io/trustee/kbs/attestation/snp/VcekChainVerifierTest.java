package io.trustee.kbs.attestation.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VcekChainVerifierTest {
  static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");
  private VcekChainVerifier verifier;
  private X509Certificate vcek;

  @BeforeEach
  void setUp() throws Exception {
    verifier = new VcekChainVerifier(AmdRootStore.load(TestVectors.path("amd"), false), 2);
    vcek = TestVectors.certificates("az-snp-vtpm/vcek.pem").get(0);
  }

  @Test
  void genuineMilanVcekVerifiesAndIsCached() throws Exception {
    verifier.verify(vcek, ProductGeneration.MILAN, NOW);
    verifier.verify(vcek, ProductGeneration.MILAN, NOW);
    assertThat(verifier.signatureVerifications()).isEqualTo(1);
    assertThat(verifier.cachedVerdicts()).isEqualTo(1);
  }

  @Test
  void bareMetalSampleVcekVerifies() throws Exception {
    verifier.verify(
        SnpAttestationReportTest.certificate("snp/test-vcek.der"), ProductGeneration.MILAN, NOW);
  }

  @Test
  void cacheIsBounded() throws Exception {
    verifier.verify(vcek, ProductGeneration.MILAN, NOW);
    verifier.verify(
        SnpAttestationReportTest.certificate("snp/test-vcek.der"), ProductGeneration.MILAN, NOW);
    byte[] der =
        java.util.Base64.getUrlDecoder()
            .decode(TestVectors.json("az-snp-vtpm/evidence-v1.json").get("vcek").asText());
    X509Certificate third =
        (X509Certificate)
            java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    verifier.verify(third, ProductGeneration.MILAN, NOW);
    assertThat(verifier.cachedVerdicts()).isEqualTo(2);
    verifier.verify(vcek, ProductGeneration.MILAN, NOW); // evicted as eldest: verified again
    assertThat(verifier.signatureVerifications()).isEqualTo(4);
  }

  @Test
  void milanVcekIsNotSignedByTheGenoaAsk() {
    assertThatThrownBy(() -> verifier.verify(vcek, ProductGeneration.GENOA, NOW))
        .isInstanceOfSatisfying(
            BadEvidenceException.class,
            e -> assertThat(e.check()).isEqualTo("vcek not signed by ask"));
  }

  @Test
  void tamperedVcekIsNotSignedByTheAsk() throws Exception {
    assertThatThrownBy(
            () ->
                verifier.verify(
                    SnpAttestationReportTest.certificate("snp/test-vcek-invalid-legacy.der"),
                    ProductGeneration.MILAN,
                    NOW))
        .hasMessageStartingWith("vcek not signed by ask");
  }

  @Test
  void vlekIsNotAcceptedOnTheAskPath() throws Exception {
    assertThatThrownBy(
            () ->
                verifier.verify(
                    SnpAttestationReportTest.certificate("snp/test-vlek.der"),
                    ProductGeneration.MILAN,
                    NOW))
        .hasMessageStartingWith("vcek not signed by ask");
  }

  @Test
  void validityIsCheckedEvenForCachedVerdicts() throws Exception {
    verifier.verify(vcek, ProductGeneration.MILAN, NOW);
    assertThatThrownBy(
            () -> verifier.verify(vcek, ProductGeneration.MILAN, vcek.getNotAfter().toInstant()))
        .hasMessageStartingWith("vcek outside validity period");
    assertThatThrownBy(
            () ->
                verifier.verify(
                    vcek, ProductGeneration.MILAN, vcek.getNotBefore().toInstant().minusSeconds(1)))
        .hasMessageStartingWith("vcek outside validity period");
  }
}
