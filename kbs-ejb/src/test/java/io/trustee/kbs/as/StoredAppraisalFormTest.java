package io.trustee.kbs.as;

import static io.trustee.kbs.as.AzSnpVtpmFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.sample.SampleVerifier;
import io.trustee.kbs.attestation.spi.ClaimComparison;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import io.trustee.kbs.policy.RegoAttestationPolicyEngine;
import io.trustee.kbs.rvps.InMemoryReferenceValueRepository;
import io.trustee.kbs.rvps.ProvenanceVerifier;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueLookupResult.Status;
import io.trustee.kbs.rvps.ReferenceValueService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stored appraisal record is bounded whatever the caller sends: claim values cut to the
 * configured length, a hard byte cap per record (the attack: a 1.4 MB {@code svn} of the sample TEE
 * stored as a ~2.8 MB row on every unauthenticated call).
 */
class StoredAppraisalFormTest {
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);
  static final int CHARS = 256;
  static final int CAP = 32 * 1024;

  final InMemoryPolicyRepository policies = new InMemoryPolicyRepository();
  final ReferenceValueService rvps =
      new ReferenceValueService(
          new InMemoryReferenceValueRepository(),
          ProvenanceVerifier.unsignedAllowed(),
          Clock.fixed(NOW, ZoneOffset.UTC));
  AttestationService service;

  @BeforeEach
  void setUp() throws Exception {
    DefaultPolicies.installDefaultsIfAbsent(policies);
    service =
        new AttestationService(
            new EvidenceVerifierRegistry(List.of(new SampleVerifier())),
            policies,
            new RegoAttestationPolicyEngine(),
            rvps,
            EarConfig.DEFAULTS,
            Clock.fixed(NOW, ZoneOffset.UTC));
    List<ReferenceValue> values = new ArrayList<>();
    PolicyGoldens.sampleAffirmingValues()
        .forEach((n, v) -> values.add(ReferenceValue.withDefaultExpiry(n, v, NOW)));
    rvps.storeUnsigned(values);
  }

  AppraisalRecord sampleAppraisal(String svn) throws Exception {
    JsonNode evidence =
        JSON.createObjectNode()
            .put("svn", svn)
            .put("report_data", Base64.getEncoder().encodeToString(CHALLENGE));
    VerificationRequest r =
        new VerificationRequest(
            "sample",
            evidence,
            Optional.of(new RuntimeData.Raw(CHALLENGE)),
            Optional.empty(),
            null);
    return service.evaluate(new AttestationRequest(List.of(r), List.of("default"))).record();
  }

  @Test
  void hugeSampleSvnIsStoredCutAndSmall() throws Exception {
    String svn = "9".repeat(1_400_000);
    AppraisalRecord record = sampleAppraisal(svn);
    // The unbounded form (what used to be stored) carries the value twice.
    assertThat(StoredAppraisalForm.utf8Length(record.toJson())).isGreaterThan(2_800_000);

    ObjectNode stored = StoredAppraisalForm.of(record, NOW, CHARS, CAP);

    assertThat(StoredAppraisalForm.utf8Length(stored)).isLessThan(8 * 1024);
    assertThat(stored.has("record_truncated")).isFalse();
    JsonNode svnCheck = null;
    for (JsonNode c : stored.at("/submods/cpu0/reference_value_checks")) {
      if (c.path("reference_value").asText().equals("svn")) {
        svnCheck = c;
      }
    }
    assertThat(svnCheck).isNotNull();
    assertThat(svnCheck.get("observed").asText())
        .isEqualTo("9".repeat(CHARS) + "…(truncated, 1400000 chars)");
    assertThat(svnCheck.get("description").asText())
        .contains("9".repeat(CHARS) + "…(truncated, 1400000 chars)")
        .hasSizeLessThan(CHARS + 200);
    // The public summary (the 401 body of a refused resource request) is still there.
    assertThat(stored.at("/public_summary/submods/cpu0/ear.status").asText()).isNotEmpty();
  }

  @Test
  void shortValuesAreKeptUnchanged() throws Exception {
    AppraisalRecord record = sampleAppraisal("1");

    ObjectNode stored = StoredAppraisalForm.of(record, NOW, CHARS, CAP);

    ObjectNode expected = record.toJson();
    expected.set("public_summary", record.publicSummary());
    expected.putArray("proposed_reference_values");
    ReferenceValuePromoter.promote(record, NOW)
        .forEach(
            v ->
                ((com.fasterxml.jackson.databind.node.ArrayNode)
                        expected.get("proposed_reference_values"))
                    .add(v.toJson()));
    assertThat(stored).isEqualTo(expected);
  }

  static AppraisalRecord recordWithChecks(int n, String observed) {
    List<ReferenceValueCheck> checks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      checks.add(
          new ReferenceValueCheck(
              "snp_pcr" + i,
              Optional.of(
                  new ClaimPaths.Mapping(
                      "az-snp-vtpm.tpm.pcr" + i,
                      com.fasterxml.jackson.core.JsonPointer.compile("/x"),
                      ClaimComparison.MEMBER,
                      true)),
              Optional.of(JSON.getNodeFactory().textNode(observed)),
              Status.FOUND,
              Optional.of(PolicyGoldens.strings("aa")),
              false,
              true));
    }
    SubmoduleAppraisal s =
        new SubmoduleAppraisal(
            "cpu0",
            "az-snp-vtpm",
            "default",
            new TrustVector(PolicyGoldens.vector(33, 97, 2)),
            JSON.createObjectNode(),
            List.of(),
            Map.of(),
            checks);
    return new AppraisalRecord("default", NOW, List.of(s));
  }

  @Test
  void proposalsThatWouldHaveToBeCutAreDropped() {
    ObjectNode stored =
        StoredAppraisalForm.of(recordWithChecks(2, "b".repeat(CHARS + 1)), NOW, CHARS, CAP);
    assertThat(stored.get("proposed_reference_values")).isEmpty();

    ObjectNode fine = StoredAppraisalForm.of(recordWithChecks(2, "b".repeat(96)), NOW, CHARS, CAP);
    assertThat(fine.get("proposed_reference_values")).hasSize(2);
  }

  @Test
  void recordOverTheByteCapKeepsOnlyTheSummary() {
    AppraisalRecord many = recordWithChecks(400, "c".repeat(CHARS));
    assertThat(StoredAppraisalForm.utf8Length(many.toJson())).isGreaterThan(CAP);

    ObjectNode stored = StoredAppraisalForm.of(many, NOW, CHARS, CAP);

    assertThat(StoredAppraisalForm.utf8Length(stored)).isLessThanOrEqualTo(CAP);
    assertThat(stored.at("/record_truncated/max_bytes").asInt()).isEqualTo(CAP);
    assertThat(stored.at("/record_truncated/bytes").asInt()).isGreaterThan(CAP);
    assertThat(stored.get("appraisal_policy_id").asText()).isEqualTo("default");
    assertThat(stored.has("submods")).isFalse();
  }

  @Test
  void evenASummaryOverTheCapIsDropped() {
    AppraisalRecord many = recordWithChecks(400, "c".repeat(CHARS));

    ObjectNode stored = StoredAppraisalForm.of(many, NOW, CHARS, 1024);

    assertThat(StoredAppraisalForm.utf8Length(stored)).isLessThanOrEqualTo(1024);
    assertThat(stored.has("public_summary")).isFalse();
    assertThat(stored.has("record_truncated")).isTrue();
  }

  @Test
  void keysAndNestedValuesAreCut() {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("a").add("x".repeat(300)).addObject().put("k".repeat(300), "v");
    JsonNode cut = StoredAppraisalForm.truncate(n, 20);
    assertThat(cut.at("/a/0").asText()).isEqualTo("x".repeat(20) + "…(truncated, 300 chars)");
    assertThat(cut.at("/a/1").fieldNames().next())
        .isEqualTo("k".repeat(20) + "…(truncated, 300 chars)");
    assertThat(n.at("/a/0").asText()).hasSize(300);
  }

  @Test
  void cutDoesNotSplitASurrogatePair() {
    String s = "a".repeat(19) + "\uD83D\uDE00" + "b".repeat(10);
    assertThat(StoredAppraisalForm.cut(s, 20)).startsWith("a".repeat(19) + "…");
  }

  @Test
  void tooSmallACapIsRefused() {
    assertThatThrownBy(() -> StoredAppraisalForm.of(recordWithChecks(1, "a"), NOW, CHARS, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void aRefusalIsStoredWithItsCheckAndACutDetail() throws Exception {
    ObjectNode r =
        StoredAppraisalForm.refused(
            "default",
            Instant.parse("2026-12-06T18:00:00Z"),
            "vcek not signed by ask",
            "bad evidence: " + "x".repeat(5000),
            256);

    assertThat(r.get("appraisal_policy_id").asText()).isEqualTo("default");
    assertThat(r.at("/refused/check").asText()).isEqualTo("vcek not signed by ask");
    assertThat(r.at("/public_summary/refused").asText()).isEqualTo("vcek not signed by ask");
    assertThat(r.at("/refused/detail").asText())
        .startsWith("bad evidence: xxx")
        .endsWith("…(truncated, 5014 chars)");
    assertThat(StoredAppraisalForm.utf8Length(r)).isLessThan(StoredAppraisalForm.MIN_RECORD_BYTES);
    assertThat(r.has("proposed_reference_values")).isFalse();
  }
}
