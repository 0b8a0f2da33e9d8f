package io.trustee.kbs.as;

import static io.trustee.kbs.as.AzSnpVtpmFixture.JSON;
import static io.trustee.kbs.as.PolicyGoldens.vector;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.attestation.sample.SampleVerifier;
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
import org.junit.jupiter.api.Test;

/**
 * The sample attester end to end: the real {@link SampleVerifier}, the Rego engine, our default CPU
 * policy and our resource policies. However affirming its appraisal, neither resource policy
 * releases anything to it.
 */
class SampleAttestationTest {
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
  void setUp() {
    DefaultPolicies.installDefaultsIfAbsent(policies);
    service =
        new AttestationService(
            new EvidenceVerifierRegistry(List.of(new SampleVerifier())),
            policies,
            new RegoAttestationPolicyEngine(),
            rvps,
            EarConfig.DEFAULTS,
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  JsonNode attest() throws Exception {
    JsonNode evidence =
        JSON.createObjectNode()
            .put("svn", "1")
            .put("report_data", Base64.getEncoder().encodeToString(CHALLENGE));
    VerificationRequest r =
        new VerificationRequest(
            "sample",
            evidence,
            Optional.of(new RuntimeData.Raw(CHALLENGE)),
            Optional.empty(),
            null);
    return service.evaluate(new AttestationRequest(List.of(r), List.of("default"))).earPayload();
  }

  static boolean released(String resourcePolicy, JsonNode earPayload) throws Exception {
    return ResourcePolicy.decide(
            DefaultPolicies.text(resourcePolicy),
            earPayload,
            ResourcePolicy.requestData("resource", List.of("prod", "keys", "k1"), Map.of()))
        .allowed();
  }

  @Test
  void withUpstreamSampleValuesTheSampleIsAffirmingButGetsNoResource() throws Exception {
    for (var e : PolicyGoldens.sampleAffirmingValues().entrySet()) {
      rvps.storeUnsigned(List.of(ReferenceValue.withDefaultExpiry(e.getKey(), e.getValue(), NOW)));
    }

    JsonNode ear = attest();

    assertThat(ear.at("/submods/cpu0/ear.status").asText()).isEqualTo("affirming");
    assertThat(ear.at("/submods/cpu0/ear.trustworthiness-vector"))
        .isEqualTo(new TrustVector(vector(3, 2, 2)).toJson());
    assertThat(released(DefaultPolicies.RESOURCE_DEFAULT, ear)).isFalse();
    assertThat(released(DefaultPolicies.RESOURCE_AFFIRMING_ONLY, ear)).isFalse();
  }

  @Test
  void withoutValuesTheSampleIsContraindicated() throws Exception {
    JsonNode ear = attest();

    assertThat(ear.at("/submods/cpu0/ear.status").asText()).isEqualTo("contraindicated");
    assertThat(ear.at("/submods/cpu0/ear.trustworthiness-vector"))
        .isEqualTo(new TrustVector(vector(33, 97, 2)).toJson());
    assertThat(
            ear.at("/submods/cpu0/ear.veraison.annotated-evidence/sample/launch_digest").asText())
        .isEqualTo("abcde");
  }
}
