package io.trustee.kbs.as;

import static io.trustee.kbs.as.AzSnpVtpmFixture.JSON;
import static io.trustee.kbs.as.AzSnpVtpmFixture.MEASUREMENT;
import static io.trustee.kbs.as.AzSnpVtpmFixture.PCRS;
import static io.trustee.kbs.as.AzSnpVtpmFixture.ZERO;
import static io.trustee.kbs.as.PolicyGoldens.OTHER_PCR;
import static io.trustee.kbs.as.PolicyGoldens.strings;
import static io.trustee.kbs.as.PolicyGoldens.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmVerifier;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import io.trustee.kbs.policy.RegoAttestationPolicyEngine;
import io.trustee.kbs.policy.ResourcePolicy;
import io.trustee.kbs.rvps.InMemoryReferenceValueRepository;
import io.trustee.kbs.rvps.ProvenanceVerifier;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Azure SEV-SNP vTPM evidence (shared/testdata/az-snp-vtpm, expected report data = ASCII
 * "challenge") end to end through the attestation service, in plain Java: the real {@link
 * AzSnpVtpmVerifier} with the pinned AMD chains of testdata/amd, the Rego policy engine, our
 * default policies and an in-memory RVPS.
 *
 * <p>The verifier is built with the server's factory and therefore the system clock: the evidence
 * VCEK is valid until 2032-01-28 (testdata README).
 */
class RealEvidenceAttestationTest {
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);

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
    AzSnpVtpmVerifier verifier = AzSnpVtpmVerifier.fromAmdCertsDir(TestVectors.path("amd"), false);
    assertThat(verifier.usesUnpinnedRoots()).isFalse();
    service =
        new AttestationService(
            new EvidenceVerifierRegistry(List.of(verifier)),
            policies,
            new RegoAttestationPolicyEngine(),
            rvps,
            EarConfig.DEFAULTS,
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static AttestationRequest request(String evidenceFile) {
    VerificationRequest r =
        new VerificationRequest(
            "az-snp-vtpm",
            TestVectors.json("az-snp-vtpm/" + evidenceFile),
            Optional.of(new RuntimeData.Raw(CHALLENGE)),
            Optional.empty(),
            null);
    return new AttestationRequest(List.of(r), List.of("default"));
  }

  /**
   * Registers, through the sample extractor as an operator would, the values of rvps.md §5 that
   * match the evidence, plus PCRs 03, 08, 09 and 12 (which our policy checks once registered).
   */
  void registerMatchingValues() throws Exception {
    StringBuilder payload =
        new StringBuilder("{\"measurement\":[\"")
            .append(MEASUREMENT)
            .append("\"],\"tcb_bootloader\":[\"4\"],\"tcb_tee\":[\"0\"],\"tcb_snp\":[\"24\"],")
            .append("\"tcb_microcode\":[\"219\"],\"smt_enabled\":[\"true\"],")
            .append("\"tsme_enabled\":[\"false\"],\"abi_major\":[\"0\"],\"abi_minor\":[\"31\"],")
            .append("\"single_socket\":[\"false\"],\"smt_allowed\":[\"true\"]");
    for (String n : List.of("03", "08", "09", "11", "12")) {
      payload.append(",\"snp_pcr").append(n).append("\":[\"").append(PCRS.get("pcr" + n));
      payload.append("\"]");
    }
    payload.append('}');
    rvps.register(
        "{\"type\":\"sample\",\"payload\":\""
            + Base64.getEncoder()
                .encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8))
            + "\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"evidence-v0.json", "evidence-v1.json"})
  void realEvidenceWithMatchingReferenceValuesIsAffirming(String file) throws Exception {
    registerMatchingValues();

    AttestationResult result = service.evaluate(request(file));

    JsonNode cpu0 = result.earPayload().at("/submods/cpu0");
    assertThat(cpu0.get("ear.status").asText()).isEqualTo("affirming");
    assertThat(cpu0.get("ear.trustworthiness-vector"))
        .isEqualTo(new TrustVector(vector(3, 2, 2)).toJson());
    assertThat(cpu0.get("ear.appraisal-policy-id").asText()).isEqualTo("default");
    assertThat(cpu0.get("ear.trustee.identifiers")).isEqualTo(JSON.readTree("{\"validated\":{}}"));
    JsonNode evidence = cpu0.get("ear.veraison.annotated-evidence");
    assertThat(evidence.get("report_data").asText()).isEqualTo("6368616c6c656e6765");
    assertThat(evidence.get("init_data").asText()).isEqualTo(ZERO);
    assertThat(evidence.get("runtime_data_claims").isNull()).isTrue();
    assertThat(evidence.at("/az-snp-vtpm/measurement").asText()).isEqualTo(MEASUREMENT);
    assertThat(evidence.at("/az-snp-vtpm/tpm/pcr00").asText()).isEqualTo(PCRS.get("pcr00"));
    assertThat(result.record().affirming()).isTrue();
    assertThat(result.record().describeFailures()).isEmpty();
    assertThat(ReferenceValuePromoter.promote(result.record(), NOW)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"evidence-v0.json", "evidence-v1.json"})
  void realEvidenceWithoutReferenceValuesIsContraindicated(String file) throws Exception {
    AttestationResult result = service.evaluate(request(file));

    assertThat(result.earPayload().at("/submods/cpu0/ear.status").asText())
        .isEqualTo("contraindicated");
    assertThat(result.earPayload().at("/submods/cpu0/ear.trustworthiness-vector"))
        .isEqualTo(new TrustVector(vector(33, 97, 36)).toJson());
    // each rule body stops at its first unregistered value; the rule order is the engine's
    assertThat(result.record().submodules().get(0).missingReferenceValues())
        .containsExactlyInAnyOrder("measurement", "tcb_bootloader", "smt_enabled");
    assertThat(result.record().describeFailures()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, pcr{1}")
  @CsvSource({
    "evidence-v0.json, 11",
    "evidence-v1.json, 11",
    "evidence-v1.json, 03",
    "evidence-v1.json, 08",
    "evidence-v1.json, 09",
    "evidence-v1.json, 12"
  })
  void oneChangedRegisteredPcrMakesItNotAffirmingAndTheRecordNamesThatPcr(String file, String n)
      throws Exception {
    registerMatchingValues();
    String rv = "snp_pcr" + n;
    rvps.storeUnsigned(List.of(ReferenceValue.withDefaultExpiry(rv, strings(OTHER_PCR), NOW)));

    AttestationResult result = service.evaluate(request(file));

    JsonNode cpu0 = result.earPayload().at("/submods/cpu0");
    assertThat(cpu0.get("ear.status").asText()).isEqualTo("warning");
    assertThat(cpu0.get("ear.trustworthiness-vector"))
        .isEqualTo(new TrustVector(vector(33, 2, 2)).toJson());
    AppraisalRecord record = result.record();
    assertThat(record.affirming()).isFalse();

    JsonNode summary = record.publicSummary().at("/submods/cpu0");
    assertThat(summary.get("ear.status").asText()).isEqualTo("warning");
    assertThat(summary.get("claims")).isEqualTo(JSON.readTree("{\"executables\":\"warning\"}"));
    assertThat(summary.get("failed_checks"))
        .isEqualTo(
            JSON.readTree(
                "[\"az-snp-vtpm.tpm.pcr" + n + " does not match reference value '" + rv + "'\"]"));
    String published = record.publicSummary().toString();
    assertThat(published)
        .doesNotContain(OTHER_PCR)
        .doesNotContain(PCRS.get("pcr" + n))
        .doesNotContain(MEASUREMENT);

    assertThat(record.describeFailures())
        .containsExactly(
            "cpu0: az-snp-vtpm.tpm.pcr"
                + n
                + ": got \""
                + PCRS.get("pcr" + n)
                + "\", registered [\""
                + OTHER_PCR
                + "\"] ("
                + rv
                + ", no match)");
  }

  /**
   * The "why denied" part of the {@code attestation failed} line for a real-evidence PCR mismatch:
   * the status, the failed claim, the PCR index and both digests, on one line.
   */
  @ParameterizedTest(name = "{0}, pcr{1}")
  @CsvSource({"evidence-v0.json, 11", "evidence-v1.json, 11", "evidence-v1.json, 03"})
  void theLogLineOfAChangedPcrNamesTheIndexAndBothDigests(String file, String n) throws Exception {
    registerMatchingValues();
    rvps.storeUnsigned(
        List.of(ReferenceValue.withDefaultExpiry("snp_pcr" + n, strings(OTHER_PCR), NOW)));

    AppraisalRecord record = service.evaluate(request(file)).record();
    String line = AppraisalLogLine.describe(record);

    assertThat(line)
        .isEqualTo(
            "status=warning failed=[executables] missing=[] pcr"
                + n
                + " expected=["
                + OTHER_PCR
                + "] observed="
                + PCRS.get("pcr" + n))
        .doesNotContain("\n");
  }

  @ParameterizedTest(name = "{0}, pcr{1}")
  @CsvSource({"evidence-v0.json, 11", "evidence-v1.json, 11", "evidence-v1.json, 09"})
  void promotingTheFailedRecordProposesTheObservedPcrAndThenAffirms(String file, String n)
      throws Exception {
    registerMatchingValues();
    String name = "snp_pcr" + n;
    rvps.storeUnsigned(List.of(ReferenceValue.withDefaultExpiry(name, strings(OTHER_PCR), NOW)));
    AppraisalRecord failed = service.evaluate(request(file)).record();

    List<ReferenceValue> proposals = ReferenceValuePromoter.promote(failed, NOW.plusSeconds(60));

    // only the failed PCR: never the TCB or configuration values, nothing that matched
    assertThat(proposals)
        .singleElement()
        .satisfies(
            rv -> {
              assertThat(rv.name()).isEqualTo(name);
              assertThat(rv.value()).isEqualTo(strings(OTHER_PCR, PCRS.get("pcr" + n)));
              assertThat(rv.expiration()).isEqualTo(Instant.parse("2027-11-29T12:01:00Z"));
            });
    rvps.storeUnsigned(proposals);
    assertThat(service.evaluate(request(file)).record().affirming()).isTrue();
  }

  static boolean released(String resourcePolicy, JsonNode earPayload) throws Exception {
    return ResourcePolicy.decide(
            DefaultPolicies.text(resourcePolicy),
            earPayload,
            ResourcePolicy.requestData("resource", List.of("prod", "luks", "root"), Map.of()))
        .allowed();
  }

  @ParameterizedTest
  @ValueSource(strings = {"evidence-v0.json", "evidence-v1.json"})
  void theTokenOfTheAffirmedRealEvidenceGetsTheResourceUnderBothPolicies(String file)
      throws Exception {
    registerMatchingValues();
    JsonNode ear = service.evaluate(request(file)).earPayload();

    assertThat(released(DefaultPolicies.RESOURCE_DEFAULT, ear)).isTrue();
    assertThat(released(DefaultPolicies.RESOURCE_AFFIRMING_ONLY, ear)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"evidence-v0.json", "evidence-v1.json"})
  void withAChangedPcrOnlyTheDefaultResourcePolicyStillReleases(String file) throws Exception {
    registerMatchingValues();
    rvps.storeUnsigned(
        List.of(ReferenceValue.withDefaultExpiry("snp_pcr11", strings(OTHER_PCR), NOW)));
    JsonNode ear = service.evaluate(request(file)).earPayload();

    // resource_default does not consult the EAR status (resource-policy.md §3)
    assertThat(released(DefaultPolicies.RESOURCE_DEFAULT, ear)).isTrue();
    assertThat(released(DefaultPolicies.RESOURCE_AFFIRMING_ONLY, ear)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"evidence-v0.json", "evidence-v1.json"})
  void anotherChallengeIsRejectedBeforeAnyPolicyRuns(String file) {
    VerificationRequest r =
        new VerificationRequest(
            "az-snp-vtpm",
            TestVectors.json("az-snp-vtpm/" + file),
            Optional.of(new RuntimeData.Raw("challengf".getBytes(StandardCharsets.US_ASCII))),
            Optional.empty(),
            null);

    assertThatThrownBy(
            () -> service.evaluate(new AttestationRequest(List.of(r), List.of("default"))))
        .isInstanceOf(BadEvidenceException.class);
  }

  /**
   * The storage bounds' defaults (256 chars per claim value, 32 KiB per appraisal record, 64 KiB
   * per token) leave the records and tokens of real evidence untouched, affirming or not.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void realEvidenceFitsTheDefaultStorageBounds(boolean withValues) throws Exception {
    if (withValues) {
      registerMatchingValues();
    }
    AttestationResult result = service.evaluate(request("evidence-v1.json"));

    com.fasterxml.jackson.databind.node.ObjectNode stored =
        StoredAppraisalForm.of(result.record(), NOW, 256, 32 * 1024);

    assertThat(stored.toString()).doesNotContain("(truncated");
    assertThat(stored.has("record_truncated")).isFalse();
    assertThat(stored.get("submods")).isEqualTo(result.record().toJson().get("submods"));
    String token =
        new io.trustee.kbs.token.EarTokenSigner(io.trustee.kbs.token.SigningKeyMaterial.generate())
            .sign(result.earPayload());
    assertThat(token.length()).isLessThan(64 * 1024 / 2);
  }
}
