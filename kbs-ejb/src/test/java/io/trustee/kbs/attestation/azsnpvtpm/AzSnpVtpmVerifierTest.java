package io.trustee.kbs.attestation.azsnpvtpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.attestation.snp.AmdRootStore;
import io.trustee.kbs.attestation.snp.ReportSignatureVerifier;
import io.trustee.kbs.attestation.snp.VcekChainVerifier;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.attestation.spi.TeeClaims;
import io.trustee.kbs.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AzSnpVtpmVerifierTest {
  static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);

  /** Inside the validity of every test VCEK (evidence VCEK until 2032, vcek.pem until 2030). */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);

  private AzSnpVtpmVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    AmdRootStore roots = AmdRootStore.load(TestVectors.path("amd"), false);
    verifier =
        new AzSnpVtpmVerifier(
            new VcekChainVerifier(roots), CLOCK, AzSnpVtpmVerifier.Options.defaults());
  }

  static ObjectNode evidence(String name) {
    return (ObjectNode) TestVectors.json("az-snp-vtpm/" + name);
  }

  private BadEvidenceException rejected(JsonNode evidence, byte[] reportData) {
    try {
      verifier.verify(new EvidenceInput(evidence, reportData, null));
    } catch (BadEvidenceException e) {
      return e;
    }
    throw new AssertionError("evidence was accepted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"evidence-v0.json", "evidence-v1.json"})
  void realEvidenceProducesExactlyTheReadmeClaims(String file) throws Exception {
    TeeClaims claims = verifier.verify(new EvidenceInput(evidence(file), CHALLENGE, null));

    assertThat(claims.teeClass()).isEqualTo("cpu");
    assertThat(claims.claims()).isEqualTo(TestVectors.readmeJsonAfter("Full expected claim set"));
    assertThat(claims.claims().get("report_data").asText()).isEqualTo("6368616c6c656e6765");
  }

  @ParameterizedTest
  @EnumSource(ReportSignatureVerifier.Backend.class)
  void bothEcdsaBackendsAcceptTheRealEvidence(ReportSignatureVerifier.Backend backend)
      throws Exception {
    AzSnpVtpmVerifier v =
        new AzSnpVtpmVerifier(
            verifier.chainVerifier(), CLOCK, new AzSnpVtpmVerifier.Options(true, backend));
    assertThat(
            v.verify(new EvidenceInput(evidence("evidence-v1.json"), CHALLENGE, null))
                .claims()
                .get("reported_tcb_snp")
                .asText())
        .isEqualTo("24");
  }

  @Test
  void factoryReadsTheCertsDirectory() throws Exception {
    AzSnpVtpmVerifier v = AzSnpVtpmVerifier.fromAmdCertsDir(TestVectors.path("amd"), false);
    assertThat(v.usesUnpinnedRoots()).isFalse();
    assertThat(v.chainVerifier().roots().generations()).hasSize(3);
  }

  @Test
  void schemeIsAzSnpVtpmWithAliasAndCpuClass() {
    assertThat(verifier.scheme().name()).isEqualTo("az-snp-vtpm");
    assertThat(verifier.scheme().answersTo("azsnpvtpm")).isTrue();
    assertThat(verifier.scheme().teeClass()).isEqualTo("cpu");
    assertThat(verifier.usesUnpinnedRoots()).isFalse();
  }

  @Test
  void repeatVcekCostsNoRsaVerification() throws Exception {
    verifier.verify(new EvidenceInput(evidence("evidence-v1.json"), CHALLENGE, null));
    long after = verifier.chainVerifier().signatureVerifications();
    verifier.verify(new EvidenceInput(evidence("evidence-v0.json"), CHALLENGE, null));
    verifier.verify(new EvidenceInput(evidence("evidence-v1.json"), CHALLENGE, null));
    assertThat(after).isEqualTo(1);
    assertThat(verifier.chainVerifier().signatureVerifications()).isEqualTo(1);
  }

  @Test
  void rejectsMissingReportData() {
    assertThat(rejected(evidence("evidence-v1.json"), null).check())
        .isEqualTo("report data missing");
    assertThat(rejected(evidence("evidence-v1.json"), new byte[0]).check())
        .isEqualTo("report data missing");
  }

  @Test
  void rejectsReversedReportDataAsNonceMismatch() {
    byte[] reversed = new StringBuilder("challenge").reverse().toString().getBytes();
    assertThat(rejected(evidence("evidence-v1.json"), reversed).check())
        .isEqualTo("nonce mismatch");
    assertThat(rejected(evidence("evidence-v0.json"), "challeng".getBytes()).check())
        .isEqualTo("nonce mismatch");
  }

  @Test
  void rejectsV1EvidenceRelabelledAsV2BecauseUserDataIsZero() {
    ObjectNode ev = evidence("evidence-v1.json");
    ev.put("version", 2);
    assertThat(rejected(ev, CHALLENGE).check()).isEqualTo("user-data mismatch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "0", "\"1\"", "1.5", "null"})
  void rejectsUnknownVersions(String version) throws Exception {
    ObjectNode ev = evidence("evidence-v1.json");
    ev.set("version", TestVectors.JSON.readTree(version));
    assertThat(rejected(ev, CHALLENGE).check()).isEqualTo("evidence malformed");
  }

  private static ObjectNode withHclByte(int offset, int value) {
    ObjectNode ev = evidence("evidence-v1.json");
    byte[] hcl = Base64.getUrlDecoder().decode(ev.get("hcl_report").asText());
    hcl[offset] = (byte) value;
    ev.put("hcl_report", Base64.getUrlEncoder().encodeToString(hcl));
    return ev;
  }

  private static int hclByte(int offset) {
    return Base64.getUrlDecoder()
            .decode(evidence("evidence-v1.json").get("hcl_report").asText())[offset]
        & 0xff;
  }

  @Test
  void upstreamMutationReportedTcbSnpZeroedIsTcbMismatch() {
    BadEvidenceException e = rejected(withHclByte(0x1A6, 0), CHALLENGE);
    assertThat(e.check()).isEqualTo("tcb mismatch");
    assertThat(e.getMessage()).contains("SNP version mismatch");
  }

  @Test
  void upstreamMutationVariableDataByteIsBindingFailure() {
    assertThat(rejected(withHclByte(0x6E0, hclByte(0x6E0) + 1), CHALLENGE).check())
        .isEqualTo("hcl variable data not bound to snp report");
  }

  @Test
  void upstreamMutationInsideAkJwkIsAkNotFound() {
    assertThat(rejected(withHclByte(0x540, 0), CHALLENGE).check())
        .isEqualTo("ak public key not found");
  }

  @Test
  void rejectsFlippedQuoteSignatureBit() {
    ObjectNode ev = evidence("evidence-v1.json");
    ObjectNode q = (ObjectNode) ev.get("tpm_quote");
    byte[] sig = Bytes.fromHex(q.get("signature").asText());
    sig[0] ^= 1;
    q.put("signature", Bytes.toHex(sig));
    assertThat(rejected(ev, CHALLENGE).check()).isEqualTo("quote signature invalid");
  }

  @Test
  void rejectsFlippedPcrByte() {
    ObjectNode ev = evidence("evidence-v1.json");
    ArrayNode pcrs = (ArrayNode) ev.get("tpm_quote").get("pcrs");
    byte[] pcr0 = Bytes.fromHex(pcrs.get(0).asText());
    pcr0[0] ^= 1;
    pcrs.set(0, Bytes.toHex(pcr0));
    assertThat(rejected(ev, CHALLENGE).check()).isEqualTo("pcr-digest mismatch");
  }

  @Test
  void rejectsShortPcrEntry() {
    ObjectNode ev = evidence("evidence-v1.json");
    ArrayNode pcrs = (ArrayNode) ev.get("tpm_quote").get("pcrs");
    pcrs.set(3, pcrs.get(3).asText().substring(2));
    assertThat(rejected(ev, CHALLENGE).check()).isEqualTo("pcr length invalid");
  }

  @Test
  void changedVmplIsCaughtByTheReportSignature() {
    // VMPL is covered by the ECDSA signature, so a changed VMPL is caught by the signature first.
    assertThat(rejected(withHclByte(0x20 + 0x30, 1), CHALLENGE).check())
        .isEqualTo("report signature invalid");
  }

  @Test
  void rejectsExpiredVcek() throws Exception {
    AzSnpVtpmVerifier later =
        new AzSnpVtpmVerifier(
            verifier.chainVerifier(),
            Clock.fixed(Instant.parse("2032-01-28T16:26:55Z"), ZoneOffset.UTC),
            AzSnpVtpmVerifier.Options.defaults());
    assertThatThrownBy(
            () -> later.verify(new EvidenceInput(evidence("evidence-v1.json"), CHALLENGE, null)))
        .isInstanceOfSatisfying(
            BadEvidenceException.class,
            e -> assertThat(e.check()).isEqualTo("vcek outside validity period"));
  }

  @Test
  void rejectsVcekOfAnotherChip() {
    // vcek.pem is a genuine Milan VCEK of another chip: chain ok, hwID differs from CHIP_ID.
    ObjectNode ev = evidence("evidence-v1.json");
    try {
      ev.put(
          "vcek",
          Base64.getUrlEncoder()
              .encodeToString(
                  TestVectors.certificates("az-snp-vtpm/vcek.pem").get(0).getEncoded()));
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new AssertionError(e);
    }
    assertThat(rejected(ev, CHALLENGE).check()).isEqualTo("chip id mismatch");
  }

  @Test
  void componentVectorsStopAtTheMissingCpuidOfTheVersion2Report() throws Exception {
    // hcl-report.bin + tpm-quote-v1.json + vcek.pem pass every TPM and binding check, but the
    // version-2 SNP report has no CPUID, so the generation lookup fails (spec §4, last rule).
    ObjectNode ev = TestVectors.JSON.createObjectNode();
    ev.put("version", 1);
    ev.set("tpm_quote", TestVectors.json("az-snp-vtpm/tpm-quote-v1.json"));
    ev.put(
        "hcl_report",
        Base64.getUrlEncoder().encodeToString(TestVectors.bytes("az-snp-vtpm/hcl-report.bin")));
    ev.put(
        "vcek",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(TestVectors.certificates("az-snp-vtpm/vcek.pem").get(0).getEncoded()));
    BadEvidenceException e = rejected(ev, CHALLENGE);
    assertThat(e.check()).isEqualTo("cpu generation unsupported");
    assertThat(e.getMessage()).contains("report version 3+ is missing CPU family ID");
  }

  @Test
  void initDataVectorFromUpstreamBindsThroughPcr8() throws Exception {
    byte[] digest =
        Bytes.fromHex("8505e4e25e50a27c5dc8147af88efbece627fbea55291911eff832d9ee127781");
    List<byte[]> pcrs = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      pcrs.add(new byte[32]);
    }
    pcrs.set(8, Bytes.fromHex("bddaccb9c52249e97a31baea61b7d91be8221a16e703d92148d04fb8e9c1dfdd"));
    AzSnpVtpmVerifier.checkInitData(digest, pcrs);

    pcrs.set(8, new byte[32]);
    assertThatThrownBy(() -> AzSnpVtpmVerifier.checkInitData(digest, pcrs))
        .hasMessageStartingWith("init-data mismatch");
  }

  @Test
  void rejectsInitDataDigestWhenPcr8IsStillZero() {
    byte[] sha384 = new byte[48];
    BadEvidenceException e;
    try {
      verifier.verify(new EvidenceInput(evidence("evidence-v1.json"), CHALLENGE, new byte[32]));
      throw new AssertionError("accepted");
    } catch (BadEvidenceException ex) {
      e = ex;
    }
    assertThat(e.check()).isEqualTo("init-data mismatch");
    assertThatThrownBy(
            () ->
                verifier.verify(new EvidenceInput(evidence("evidence-v1.json"), CHALLENGE, sha384)))
        .hasMessageContaining("48 bytes");
  }
}
