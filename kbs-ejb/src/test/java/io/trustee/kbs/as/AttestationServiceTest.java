package io.trustee.kbs.as;

import static io.trustee.kbs.as.AzSnpVtpmFixture.JSON;
import static io.trustee.kbs.as.AzSnpVtpmFixture.MEASUREMENT;
import static io.trustee.kbs.as.AzSnpVtpmFixture.ZERO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import io.trustee.kbs.policy.RegoAttestationPolicyEngine;
import io.trustee.kbs.rvps.InMemoryReferenceValueRepository;
import io.trustee.kbs.rvps.ProvenanceVerifier;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueLookupResult.Status;
import io.trustee.kbs.rvps.ReferenceValueService;
import io.trustee.kbs.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttestationServiceTest {
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final String PCR11_OTHER = "5d3a" + "0".repeat(56) + "9f1c";

  final AzSnpVtpmFixture.Verifier azVerifier = AzSnpVtpmFixture.Verifier.azSnpVtpm();
  final InMemoryPolicyRepository policies = new InMemoryPolicyRepository();
  final InMemoryReferenceValueRepository rvRepo = new InMemoryReferenceValueRepository();
  final ReferenceValueService rvps =
      new ReferenceValueService(
          rvRepo, ProvenanceVerifier.unsignedAllowed(), Clock.fixed(NOW, ZoneOffset.UTC));
  AttestationService service;

  @BeforeEach
  void setUp() {
    DefaultPolicies.installDefaultsIfAbsent(policies);
    service = service(new RegoAttestationPolicyEngine(), EarConfig.DEFAULTS, azVerifier);
  }

  AttestationService service(
      AttestationPolicyEngine engine, EarConfig config, AzSnpVtpmFixture.Verifier... verifiers) {
    return new AttestationService(
        new EvidenceVerifierRegistry(List.of(verifiers)),
        policies,
        engine,
        rvps,
        config,
        Clock.fixed(NOW.plusMillis(750), ZoneOffset.UTC));
  }

  static ObjectNode runtimeData() throws Exception {
    return (ObjectNode)
        JSON.readTree(
            "{\"tee-pubkey\":{\"kty\":\"EC\",\"crv\":\"P-256\","
                + "\"alg\":\"ECDH-ES+A256KW\",\"x\":\"csp-iStjBCUEqQ6gcRtpbtJigDytWkoF3w8Smczujvs\","
                + "\"y\":\"RKn__BFbx9TB1kvjuNB3b57dObOGrtr8_HqL1nUOgw0\"},"
                + "\"nonce\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\",\"additional-evidence\":\"\"}");
  }

  static VerificationRequest azRequest() throws Exception {
    return new VerificationRequest(
        "az-snp-vtpm",
        JSON.readTree("{\"version\":1}"),
        Optional.of(new RuntimeData.Structured(runtimeData())),
        Optional.empty(),
        null);
  }

  static AttestationRequest request(VerificationRequest... r) {
    return new AttestationRequest(List.of(r), List.of("default"));
  }

  void registerAffirming() throws Exception {
    String payload =
        "{\"measurement\":[\""
            + MEASUREMENT
            + "\"],\"snp_pcr11\":[\""
            + ZERO
            + "\"],\"tcb_bootloader\":[\"4\"],\"tcb_tee\":[\"0\"],\"tcb_snp\":[\"24\"],"
            + "\"tcb_microcode\":[\"219\"],\"smt_enabled\":[\"true\"],\"tsme_enabled\":[\"false\"],"
            + "\"abi_major\":[\"0\"],\"abi_minor\":[\"31\"],\"single_socket\":[\"false\"],"
            + "\"smt_allowed\":[\"true\"]}";
    rvps.register(
        "{\"type\":\"sample\",\"payload\":\""
            + Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "\"}");
  }

  @Test
  void affirmingWithTheRegisteredReferenceValuesOfRvpsSpec() throws Exception {
    registerAffirming();
    AttestationResult result = service.evaluate(request(azRequest()));
    ObjectNode p = result.earPayload();

    assertThat(p.get("eat_profile").asText())
        .isEqualTo("tag:github.com,2024:confidential-containers/Trustee");
    assertThat(p.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(p.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 300);
    assertThat(p.get("iss").asText()).isEqualTo("CoCo-Attestation-Service");
    assertThat(p.get("ear.verifier-id"))
        .isEqualTo(
            JSON.readTree(
                "{\"build\":\"attestation-service 0.1.0\","
                    + "\"developer\":\"https://confidentialcontainers.org\"}"));
    assertThat(p.has("nbf") || p.has("aud") || p.has("jti")).isFalse();
    JsonNode cpu0 = p.at("/submods/cpu0");
    assertThat(cpu0.get("ear.status").asText()).isEqualTo("affirming");
    assertThat(cpu0.get("ear.appraisal-policy-id").asText()).isEqualTo("default");
    assertThat(cpu0.get("ear.trustworthiness-vector"))
        .isEqualTo(
            JSON.readTree(
                "{\"instance-identity\":0,\"configuration\":2,\"executables\":3,\"file-system\":0,"
                    + "\"hardware\":2,\"runtime-opaque\":0,\"storage-opaque\":0,\"sourced-data\":0}"));
    assertThat(cpu0.get("ear.trustee.identifiers")).isEqualTo(JSON.readTree("{\"validated\":{}}"));

    JsonNode ev = cpu0.get("ear.veraison.annotated-evidence");
    assertThat(ev.get("init_data").asText()).isEqualTo(ZERO);
    assertThat(ev.get("init_data_claims").isNull()).isTrue();
    assertThat(ev.get("runtime_data_claims")).isEqualTo(runtimeData());
    assertThat(ev.at("/az-snp-vtpm/measurement").asText()).isEqualTo(MEASUREMENT);
    assertThat(ev.at("/az-snp-vtpm/report_data").isMissingNode()).isTrue();
    assertThat(ev.at("/az-snp-vtpm/tpm/pcr17").asText()).isEqualTo("f".repeat(64));

    // report data = SHA-384(JCS(runtime data)), the kbs-protocol.md §5 worked example
    byte[] expected = azVerifier.seen.get(0).expectedReportData().orElseThrow();
    assertThat(Bytes.toHex(expected))
        .isEqualTo(
            "d90df149f9c01a31864adf395a1d4d74f8974399f713cfc7"
                + "005ff037ea7e692d6525633c5ffcf43b02daea40cd50d306");
    assertThat(ev.get("report_data").asText()).isEqualTo(Bytes.toHex(expected));

    assertThat(result.record().affirming()).isTrue();
    assertThat(result.record().describeFailures()).isEmpty();
    // affirming: no completeness pass, only what the policy queried (each once; in the
    // engine's rule order)
    assertThat(result.record().submodules().get(0).checks())
        .allMatch(ReferenceValueCheck::queriedByPolicy)
        .extracting(ReferenceValueCheck::referenceValue)
        .containsExactlyInAnyOrder(
            "measurement",
            "snp_pcr11",
            "snp_pcr03",
            "snp_pcr08",
            "snp_pcr09",
            "snp_pcr12",
            "tcb_bootloader",
            "tcb_microcode",
            "tcb_snp",
            "tcb_tee",
            "smt_enabled",
            "tsme_enabled",
            "abi_major",
            "abi_minor",
            "single_socket",
            "smt_allowed");
  }

  @Test
  void withoutReferenceValuesTheGuestIsContraindicatedAndTheRecordSaysWhy() throws Exception {
    AttestationResult result = service.evaluate(request(azRequest()));
    assertThat(result.earPayload().at("/submods/cpu0/ear.status").asText())
        .isEqualTo("contraindicated");
    assertThat(result.earPayload().at("/submods/cpu0/ear.trustworthiness-vector/hardware").asInt())
        .isEqualTo(97);
    JsonNode pub = result.record().publicSummary().at("/submods/cpu0");
    assertThat(pub.get("claims"))
        .isEqualTo(
            JSON.readTree(
                "{\"configuration\":\"warning\",\"executables\":\"warning\","
                    + "\"hardware\":\"contraindicated\"}"));
    assertThat(pub.get("failed_checks")).isEmpty();
    // Rego rule bodies stop at the first unregistered value of each rule
    assertThat(pub.get("missing_reference_values"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("measurement", "tcb_bootloader", "smt_enabled");
    assertThat(result.record().publicSummary().toString()).doesNotContain(MEASUREMENT);
    assertThat(ReferenceValuePromoter.promote(result.record(), NOW))
        .singleElement()
        .satisfies(
            rv -> {
              assertThat(rv.name()).isEqualTo("measurement");
              assertThat(rv.value()).isEqualTo(JSON.readTree("[\"" + MEASUREMENT + "\"]"));
            });
  }

  @Test
  void pcr11MismatchIsExplainedAndPromotable() throws Exception {
    registerAffirming();
    rvps.storeUnsigned(
        List.of(
            ReferenceValue.withDefaultExpiry(
                "snp_pcr11", JSON.readTree("[\"" + PCR11_OTHER + "\"]"), NOW)));
    AttestationResult result = service.evaluate(request(azRequest()));
    assertThat(
            result.earPayload().at("/submods/cpu0/ear.trustworthiness-vector/executables").asInt())
        .isEqualTo(33);
    assertThat(result.earPayload().at("/submods/cpu0/ear.status").asText()).isEqualTo("warning");

    JsonNode pub = result.record().publicSummary();
    assertThat(pub.at("/submods/cpu0/failed_checks").toString())
        .contains("az-snp-vtpm.tpm.pcr11 does not match reference value 'snp_pcr11'")
        .doesNotContain(PCR11_OTHER)
        .doesNotContain(ZERO);
    assertThat(result.record().describeFailures())
        .containsExactly(
            "cpu0: az-snp-vtpm.tpm.pcr11: got \""
                + ZERO
                + "\", registered [\""
                + PCR11_OTHER
                + "\"] (snp_pcr11, no match)");
    JsonNode full = result.record().toJson().at("/submods/cpu0");
    assertThat(full.at("/trust_vector/executables"))
        .isEqualTo(JSON.readTree("{\"value\":33,\"tier\":\"warning\"}"));
    assertThat(full.at("/rule_values/executables").asInt()).isEqualTo(33);

    List<ReferenceValue> proposals =
        ReferenceValuePromoter.promote(result.record(), NOW.plusSeconds(60));
    assertThat(proposals)
        .singleElement()
        .satisfies(
            rv -> {
              assertThat(rv.name()).isEqualTo("snp_pcr11");
              assertThat(rv.value())
                  .isEqualTo(JSON.readTree("[\"" + PCR11_OTHER + "\",\"" + ZERO + "\"]"));
            });
    rvps.storeUnsigned(proposals);
    assertThat(service.evaluate(request(azRequest())).record().affirming()).isTrue();
  }

  @Test
  void registeredOptionalPcrMustMatchAndUnreachedChecksAreStillRecorded() throws Exception {
    registerAffirming();
    rvps.storeUnsigned(
        List.of(
            ReferenceValue.withDefaultExpiry("measurement", JSON.readTree("[\"other\"]"), NOW),
            ReferenceValue.withDefaultExpiry(
                "snp_pcr09", JSON.readTree("[\"" + ZERO + "\"]"), NOW)));
    AttestationResult r = service.evaluate(request(azRequest()));
    SubmoduleAppraisal cpu0 = r.record().submodules().get(0);
    // the rule body stopped at the measurement, PCRs 11 and 09 were not queried by the policy
    assertThat(cpu0.failedChecks())
        .extracting(ReferenceValueCheck::referenceValue)
        .containsExactly("measurement");
    assertThat(cpu0.checks())
        .filteredOn(c -> !c.queriedByPolicy())
        .extracting(ReferenceValueCheck::referenceValue, ReferenceValueCheck::matched)
        .contains(
            org.assertj.core.groups.Tuple.tuple("snp_pcr09", false),
            org.assertj.core.groups.Tuple.tuple("snp_pcr11", true));
    assertThat(ReferenceValuePromoter.promote(r.record(), NOW))
        .extracting(ReferenceValue::name)
        .containsExactlyInAnyOrder("measurement", "snp_pcr09");
  }

  @Test
  void expiredReferenceValuesAreIgnoredAndReported() throws Exception {
    registerAffirming();
    rvRepo.store(
        new ReferenceValue(
            "tcb_snp", JSON.readTree("[\"24\"]"), Instant.parse("2026-06-30T00:00:00Z"), null));
    AttestationResult r = service.evaluate(request(azRequest()));
    assertThat(r.earPayload().at("/submods/cpu0/ear.trustworthiness-vector/hardware").asInt())
        .isEqualTo(97);
    ReferenceValueCheck tcb = r.record().submodules().get(0).failedChecks().get(0);
    assertThat(tcb.status()).isEqualTo(Status.EXPIRED);
    assertThat(tcb.publicDescription()).isEqualTo("reference value 'tcb_snp' has expired");
    assertThat(tcb.describe()).contains("(expired)");
    assertThat(ReferenceValuePromoter.promote(r.record(), NOW)).isEmpty();
  }

  @Test
  void policySelectionByIdAndClass() throws Exception {
    policies.store("strict_cpu", "package policy");
    AttestationResult r =
        service.evaluate(
            new AttestationRequest(List.of(azRequest()), List.of("strict", "ignored")));
    assertThat(r.earPayload().at("/submods/cpu0/ear.appraisal-policy-id").asText())
        .isEqualTo("strict");
    assertThat(r.record().submodules().get(0).policyId()).isEqualTo("strict_cpu");
    assertThatThrownBy(
            () -> service.evaluate(new AttestationRequest(List.of(azRequest()), List.of("nope"))))
        .isInstanceOf(UnknownPolicyException.class)
        .hasMessageContaining("'nope_cpu'");
  }

  @Test
  void submodulesAreNumberedPerClassInRequestOrder() throws Exception {
    AzSnpVtpmFixture.Verifier gpu =
        new AzSnpVtpmFixture.Verifier(
            "sampledevice", Set.of(), "gpu", (ObjectNode) JSON.readTree("{\"svn\":\"1\"}"));
    policies.store("default_gpu", "package policy");
    AttestationService s =
        service(new RegoAttestationPolicyEngine(), EarConfig.DEFAULTS, azVerifier, gpu);
    VerificationRequest dev =
        new VerificationRequest(
            "sampledevice", JSON.readTree("{}"), Optional.empty(), Optional.empty(), null);
    AttestationResult r = s.evaluate(request(azRequest(), dev, dev));
    assertThat(r.earPayload().get("submods").fieldNames())
        .toIterable()
        .containsExactly("cpu0", "gpu0", "gpu1");
    assertThat(
            r.earPayload()
                .at("/submods/gpu1/ear.veraison.annotated-evidence/sampledevice/svn")
                .asText())
        .isEqualTo("1");
    assertThat(r.record().submodules().get(2).policyId()).isEqualTo("default_gpu");
  }

  @Test
  void aliasesSelectTheVerifierAndTheInputUsesTheWireName() throws Exception {
    VerificationRequest alias =
        new VerificationRequest(
            "azsnpvtpm",
            JSON.readTree("{}"),
            Optional.of(new RuntimeData.Raw("challenge".getBytes(StandardCharsets.US_ASCII))),
            Optional.empty(),
            null);
    AttestationResult r = service.evaluate(request(alias));
    JsonNode ev = r.earPayload().at("/submods/cpu0/ear.veraison.annotated-evidence");
    assertThat(ev.has("az-snp-vtpm")).isTrue();
    assertThat(ev.get("report_data").asText()).isEqualTo("6368616c6c656e6765");
    assertThat(ev.get("runtime_data_claims").isNull()).isTrue();
  }

  @Test
  void unknownTeeAndBadEvidenceAbort() throws Exception {
    VerificationRequest tdx =
        new VerificationRequest(
            "tdx", JSON.readTree("{}"), Optional.empty(), Optional.empty(), null);
    assertThatThrownBy(() -> service.evaluate(request(azRequest(), tdx)))
        .isInstanceOf(InvalidAttestationRequestException.class)
        .hasMessage("verification_requests[1].tee: unsupported TEE 'tdx'");
    VerificationRequest bad =
        new VerificationRequest(
            "az-snp-vtpm",
            JSON.readTree("{\"tampered\":true}"),
            Optional.empty(),
            Optional.empty(),
            null);
    assertThatThrownBy(() -> service.evaluate(request(bad)))
        .isInstanceOf(BadEvidenceException.class)
        .extracting(e -> ((BadEvidenceException) e).check())
        .isEqualTo("quote signature invalid");
  }

  @Test
  void hashAlgorithmAndVerboseToken() throws Exception {
    VerificationRequest sha512 =
        new VerificationRequest(
            "az-snp-vtpm",
            JSON.readTree("{}"),
            Optional.of(new RuntimeData.Structured(runtimeData())),
            Optional.empty(),
            HashAlgorithm.SHA512);
    EarConfig quiet = new EarConfig(10, "me", "dev", "build 1", "profile", false);
    AttestationResult r =
        service(new RegoAttestationPolicyEngine(), quiet, azVerifier).evaluate(request(sha512));
    byte[] canonical =
        io.trustee.kbs.json.Jcs.canonicalize(runtimeData()).getBytes(StandardCharsets.UTF_8);
    assertThat(azVerifier.seen.get(0).expectedReportData().orElseThrow())
        .isEqualTo(MessageDigest.getInstance("SHA-512").digest(canonical));
    JsonNode p = r.earPayload();
    assertThat(
            p.at("/submods/cpu0/ear.veraison.annotated-evidence/runtime_data_claims")
                .has("additional-evidence"))
        .isFalse();
    assertThat(p.get("exp").asLong() - p.get("iat").asLong()).isEqualTo(600);
    assertThat(p.get("iss").asText()).isEqualTo("me");
    assertThat(p.get("eat_profile").asText()).isEqualTo("profile");
    assertThat(p.at("/ear.verifier-id/build").asText()).isEqualTo("build 1");
  }

  @Test
  void initDataDigestAndClaimsReachVerifierAndPolicy() throws Exception {
    String toml =
        "algorithm = \"sha256\"\n"
            + "version = \"0.1.0\"\n\n"
            + "[data]\n"
            + "\"aa.toml\" = '''\n"
            + "[token_configs]\n"
            + "[token_configs.kbs]\n"
            + "url = \"https://kbs\"\n"
            + "'''\n"
            + "\"policy.rego\" = '''\n"
            + "package agent_policy\n\n"
            + "policy_data := {\n"
            + "  \"containers\": [\n"
            + "    {\"OCI\": {\"Annotations\": {\"io.kubernetes.cri.image-name\":"
            + " \"quay.io/a/b:1\"}}}\n"
            + "  ]\n"
            + "}\n\n"
            + "default AllowRequestsFailingPolicy := false\n"
            + "'''\n";
    VerificationRequest r =
        new VerificationRequest(
            "az-snp-vtpm",
            JSON.readTree("{}"),
            Optional.empty(),
            Optional.of(new ExpectedInitData.Toml(toml)),
            null);
    AttestationResult res = service.evaluate(request(r));
    assertThat(azVerifier.seen.get(0).expectedInitDataDigest().orElseThrow())
        .isEqualTo(
            MessageDigest.getInstance("SHA-256").digest(toml.getBytes(StandardCharsets.UTF_8)));
    JsonNode claims =
        res.earPayload().at("/submods/cpu0/ear.veraison.annotated-evidence/init_data_claims");
    assertThat(claims.at("/aa.toml/token_configs/kbs/url").asText()).isEqualTo("https://kbs");
    assertThat(claims.has("policy.rego")).isFalse();
    assertThat(
            res.earPayload()
                .at("/submods/cpu0/ear.trustee.identifiers/validated" + "/container_images/0")
                .asText())
        .isEqualTo("quay.io/a/b:1");
  }

  @Test
  void trustClaimsFromTheEngineAreValidated() throws Exception {
    AttestationPolicyEngine absent =
        (text, input, lookup) -> new PolicyVerdict(Optional.empty(), List.of(), java.util.Map.of());
    AttestationResult r =
        service(absent, EarConfig.DEFAULTS, azVerifier).evaluate(request(azRequest()));
    assertThat(r.earPayload().at("/submods/cpu0/ear.status").asText()).isEqualTo("none");
    assertThat(r.earPayload().at("/submods/cpu0/ear.trustworthiness-vector")).hasSize(8);

    AttestationPolicyEngine unknown =
        (text, input, lookup) ->
            new PolicyVerdict(
                Optional.of(java.util.Map.of("executable", 3)), List.of(), java.util.Map.of());
    assertThatThrownBy(
            () -> service(unknown, EarConfig.DEFAULTS, azVerifier).evaluate(request(azRequest())))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("unknown claim 'executable'");

    AttestationPolicyEngine failing =
        (text, input, lookup) -> {
          throw new PolicyEvaluationException("rego_parse_error: unexpected token");
        };
    assertThatThrownBy(
            () -> service(failing, EarConfig.DEFAULTS, azVerifier).evaluate(request(azRequest())))
        .hasMessageContaining("rego_parse_error");
  }

  @Test
  void theEngineReceivesThePolicyTextAndInput() throws Exception {
    policies.store("default_cpu", "package policy\ntrust_claims := {\"hardware\": 2}\n");
    java.util.List<String> texts = new java.util.ArrayList<>();
    AttestationPolicyEngine recorder =
        (text, input, lookup) -> {
          texts.add(text);
          assertThat(input.fieldNames())
              .toIterable()
              .containsExactlyInAnyOrder(
                  "az-snp-vtpm",
                  "init_data",
                  "init_data_claims",
                  "report_data",
                  "runtime_data_claims");
          return new PolicyVerdict(
              Optional.of(java.util.Map.of("hardware", 2)), List.of(), java.util.Map.of());
        };
    AttestationResult r =
        service(recorder, EarConfig.DEFAULTS, azVerifier).evaluate(request(azRequest()));
    assertThat(texts).containsExactly("package policy\ntrust_claims := {\"hardware\": 2}\n");
    assertThat(r.earPayload().at("/submods/cpu0/ear.trustworthiness-vector").toString())
        .isEqualTo("{\"hardware\":2}");
    assertThat(r.record().affirming()).isTrue();
  }
}
