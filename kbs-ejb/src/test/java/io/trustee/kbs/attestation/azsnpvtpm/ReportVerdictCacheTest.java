package io.trustee.kbs.attestation.azsnpvtpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.snp.AmdRootStore;
import io.trustee.kbs.attestation.snp.ReportSignatureVerifier;
import io.trustee.kbs.attestation.snp.SnpAttestationReport;
import io.trustee.kbs.attestation.snp.VcekChainVerifier;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.attestation.spi.VerdictCacheListener;
import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import io.trustee.kbs.sim.Fault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SNP report-signature verdict cache: only the ECDSA verification of identical report bytes
 * with the identical VCEK certificate is skipped, only successes are remembered, the bound holds,
 * and every other check still runs on a hit.
 */
class ReportVerdictCacheTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final byte[] NONCE_1 = "nonce one".getBytes(StandardCharsets.US_ASCII);
  static final byte[] NONCE_2 = "nonce two".getBytes(StandardCharsets.US_ASCII);

  static AzSnpVtpmSimulator sim;
  static AmdRootStore roots;
  @TempDir static Path certsDir;

  @BeforeAll
  static void setUp() throws Exception {
    sim = AzSnpVtpmSimulator.create();
    sim.writeChainTo(certsDir);
    roots = AmdRootStore.load(certsDir, true);
  }

  private static AzSnpVtpmVerifier verifier(int cacheSize) {
    return new AzSnpVtpmVerifier(
        new VcekChainVerifier(roots),
        Clock.systemUTC(),
        AzSnpVtpmVerifier.Options.defaults().withReportVerdictCache(cacheSize));
  }

  private static ObjectNode evidence(int version, byte[] nonce, Fault... faults) {
    return sim.evidenceJson(version, nonce, faults);
  }

  /** The SNP report inside an evidence. */
  private static SnpAttestationReport report(JsonNode evidence) throws BadEvidenceException {
    AzSnpVtpmEvidence ev = AzSnpVtpmEvidence.parse(evidence);
    return SnpAttestationReport.parse(HclReport.parse(ev.hclReport()).hwReport());
  }

  private static X509Certificate vcek(JsonNode evidence) throws BadEvidenceException {
    return AzSnpVtpmEvidence.parse(evidence).vcek();
  }

  private static long verifications(AzSnpVtpmVerifier v) {
    return v.reportSignatureVerifier().signatureVerifications();
  }

  @Test
  void theSameEvidenceAgainSkipsTheReportSignature() throws Exception {
    AzSnpVtpmVerifier v = verifier(16);
    ObjectNode ev = evidence(2, NONCE_1);

    v.verify(new EvidenceInput(ev, NONCE_1, null));
    v.verify(new EvidenceInput(ev, NONCE_1, null));

    assertThat(verifications(v)).isEqualTo(1);
    assertThat(v.reportSignatureVerifier().cachedVerdicts()).isEqualTo(1);
  }

  /** The metrics' view: each lookup in the VCEK-chain and report-signature caches, hit or miss. */
  @Test
  void theCacheListenerHearsEveryLookupOfBothCaches() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    VerdictCacheListener listener = (cache, hit) -> heard.add(cache + (hit ? " hit" : " miss"));
    AzSnpVtpmVerifier v =
        new AzSnpVtpmVerifier(
            new VcekChainVerifier(roots, VcekChainVerifier.DEFAULT_CACHE_SIZE, listener),
            Clock.systemUTC(),
            AzSnpVtpmVerifier.Options.defaults()
                .withReportVerdictCache(16)
                .withCacheListener(listener));
    ObjectNode ev = evidence(2, NONCE_1);

    v.verify(new EvidenceInput(ev, NONCE_1, null));
    v.verify(new EvidenceInput(ev, NONCE_1, null));

    assertThat(heard)
        .containsExactlyInAnyOrder(
            "vcek-chain miss", "report-signature miss", "vcek-chain hit", "report-signature hit");
    assertThat(verifications(v)).isEqualTo(1);
  }

  @Test
  void withoutCacheEveryRequestVerifiesTheSignature() throws Exception {
    AzSnpVtpmVerifier v = verifier(0);
    ObjectNode ev = evidence(2, NONCE_1);

    v.verify(new EvidenceInput(ev, NONCE_1, null));
    v.verify(new EvidenceInput(ev, NONCE_1, null));

    assertThat(verifications(v)).isEqualTo(2);
    assertThat(v.reportSignatureVerifier().cachedVerdicts()).isZero();
  }

  /**
   * A v1 guest (the HCL report fixed per boot, freshness from the vTPM quote) attests twice with
   * the same report and a new quote: the second report signature is not recomputed, but the quote,
   * its nonce and every other check still are.
   */
  @Test
  void aCachedReportVerdictSkipsNoOtherCheck() throws Exception {
    AzSnpVtpmVerifier v = verifier(16);
    ObjectNode first = evidence(1, NONCE_1);
    v.verify(new EvidenceInput(first, NONCE_1, null));
    ObjectNode second = evidence(1, NONCE_2);
    second.put("hcl_report", first.get("hcl_report").asText());

    v.verify(new EvidenceInput(second, NONCE_2, null));
    assertThat(verifications(v)).isEqualTo(1);

    // the quote's nonce is still compared on a hit
    assertThatThrownBy(() -> v.verify(new EvidenceInput(second, NONCE_1, null)))
        .isInstanceOf(BadEvidenceException.class)
        .extracting(e -> ((BadEvidenceException) e).check())
        .isEqualTo("nonce mismatch");
    // the quote's signature too
    ObjectNode forged = evidence(1, NONCE_2, Fault.QUOTE_SIGNED_BY_OTHER_AK);
    forged.put("hcl_report", first.get("hcl_report").asText());
    assertThatThrownBy(() -> v.verify(new EvidenceInput(forged, NONCE_2, null)))
        .extracting(e -> ((BadEvidenceException) e).check())
        .isEqualTo("quote signature invalid");
    // and the VCEK chain: the same report with a VCEK from another ASK is refused
    ObjectNode rogue = evidence(1, NONCE_2, Fault.VCEK_SIGNED_BY_ROGUE_ASK);
    rogue.put("hcl_report", first.get("hcl_report").asText());
    assertThatThrownBy(() -> v.verify(new EvidenceInput(rogue, NONCE_2, null)))
        .extracting(e -> ((BadEvidenceException) e).check())
        .isEqualTo("vcek not signed by ask");
    assertThat(verifications(v)).isEqualTo(1);
  }

  @Test
  void aFailedVerificationIsNotRemembered() throws Exception {
    AzSnpVtpmVerifier v = verifier(16);
    ObjectNode bad = evidence(2, NONCE_1, Fault.REPORT_SIGNED_BY_OTHER_KEY);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> v.verify(new EvidenceInput(bad, NONCE_1, null)))
          .extracting(e -> ((BadEvidenceException) e).check())
          .isEqualTo("report signature invalid");
    }

    assertThat(verifications(v)).isEqualTo(2);
    assertThat(v.reportSignatureVerifier().cachedVerdicts()).isZero();
  }

  @Test
  void oneChangedByteIsVerifiedAfresh() throws Exception {
    ReportSignatureVerifier r =
        new ReportSignatureVerifier(ReportSignatureVerifier.Backend.BOUNCY_CASTLE, 16);
    ObjectNode ev = evidence(2, NONCE_1);
    SnpAttestationReport report = report(ev);
    X509Certificate vcek = vcek(ev);
    r.verify(report, vcek);
    assertThat(r.signatureVerifications()).isEqualTo(1);

    // a byte outside the signed area: the signature still verifies, but the bytes differ
    byte[] tail = report.rawBytes();
    tail[SnpAttestationReport.SIZE - 1] ^= 1;
    r.verify(SnpAttestationReport.parse(tail), vcek);
    assertThat(r.signatureVerifications()).isEqualTo(2);

    // a byte inside the signed area: a miss, refused, and refused again (nothing remembered)
    byte[] signed = report.rawBytes();
    signed[0x90] ^= 1; // MEASUREMENT
    SnpAttestationReport changed = SnpAttestationReport.parse(signed);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> r.verify(changed, vcek))
          .extracting(e -> ((BadEvidenceException) e).check())
          .isEqualTo("report signature invalid");
    }
    assertThat(r.signatureVerifications()).isEqualTo(4);
    assertThat(r.cachedVerdicts()).isEqualTo(2);

    // the original again: a hit
    r.verify(report, vcek);
    assertThat(r.signatureVerifications()).isEqualTo(4);
  }

  @Test
  void anotherCertificateForTheSameKeyIsAMiss() throws Exception {
    ReportSignatureVerifier r =
        new ReportSignatureVerifier(ReportSignatureVerifier.Backend.BOUNCY_CASTLE, 16);
    ObjectNode ev = evidence(2, NONCE_1);
    SnpAttestationReport report = report(ev);
    r.verify(report, vcek(ev));
    X509Certificate rogue = vcek(evidence(2, NONCE_1, Fault.VCEK_SIGNED_BY_ROGUE_ASK));
    assertThat(rogue.getPublicKey()).isEqualTo(vcek(ev).getPublicKey());

    r.verify(report, rogue);

    assertThat(r.signatureVerifications()).isEqualTo(2);
  }

  @Test
  void theBoundHoldsAndTheLeastRecentlyUsedVerdictGoesFirst() throws Exception {
    ReportSignatureVerifier r =
        new ReportSignatureVerifier(ReportSignatureVerifier.Backend.BOUNCY_CASTLE, 2);
    ObjectNode a = evidence(2, NONCE_1);
    ObjectNode b = evidence(2, NONCE_1);
    ObjectNode c = evidence(2, NONCE_1);
    X509Certificate vcek = vcek(a);
    r.verify(report(a), vcek);
    r.verify(report(b), vcek);
    r.verify(report(a), vcek); // a is now the most recently used
    assertThat(r.signatureVerifications()).isEqualTo(2);

    r.verify(report(c), vcek); // evicts b
    assertThat(r.cachedVerdicts()).isEqualTo(2);
    r.verify(report(a), vcek);
    r.verify(report(c), vcek);
    assertThat(r.signatureVerifications()).isEqualTo(3);

    r.verify(report(b), vcek);
    assertThat(r.signatureVerifications()).isEqualTo(4);
    assertThat(r.cachedVerdicts()).isEqualTo(2);
  }

  @Test
  void aNegativeSizeIsRefused() {
    assertThatThrownBy(
            () -> new ReportSignatureVerifier(ReportSignatureVerifier.Backend.BOUNCY_CASTLE, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AzSnpVtpmVerifier.Options.defaults().withReportVerdictCache(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
