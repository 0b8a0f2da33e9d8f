package io.trustee.kbs.as;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmVerifier;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import io.trustee.kbs.policy.RegoAttestationPolicyEngine;
import io.trustee.kbs.rvps.InMemoryReferenceValueRepository;
import io.trustee.kbs.rvps.ProvenanceVerifier;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueService;
import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import io.trustee.kbs.sim.Fault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SNP guest policy end to end: evidence signed by the simulator's chain goes through the real
 * az-snp-vtpm verifier, our default {@code default_cpu} policy and an RVPS holding values that
 * match the guest. The same guest with DEBUG=1 or MIGRATE_MA=1 in its (correctly signed) report is
 * contraindicated, and the stricter resource policy gives it nothing.
 */
class GuestPolicyAttestationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);

  @TempDir static Path certsDir;
  static AzSnpVtpmSimulator sim;
  static AzSnpVtpmVerifier verifier;

  final InMemoryPolicyRepository policies = new InMemoryPolicyRepository();
  final ReferenceValueService rvps =
      new ReferenceValueService(
          new InMemoryReferenceValueRepository(),
          ProvenanceVerifier.unsignedAllowed(),
          Clock.systemUTC());
  AttestationService service;

  @BeforeAll
  static void simulator() throws Exception {
    sim = AzSnpVtpmSimulator.builder().build();
    sim.writeChainTo(certsDir);
    verifier = AzSnpVtpmVerifier.fromAmdCertsDir(certsDir, true);
  }

  @BeforeEach
  void setUp() throws Exception {
    DefaultPolicies.installDefaultsIfAbsent(policies);
    service =
        new AttestationService(
            new EvidenceVerifierRegistry(List.of(verifier)),
            policies,
            new RegoAttestationPolicyEngine(),
            rvps,
            EarConfig.DEFAULTS,
            Clock.systemUTC());
    registerValuesMatching(cpu0(Optional.empty()).get("ear.veraison.annotated-evidence"));
  }

  /** The cpu0 submodule of the EAR for simulated evidence with the given fault, if any. */
  JsonNode cpu0(Optional<Fault> fault) throws Exception {
    String evidence =
        fault.isPresent() ? sim.evidenceV2(CHALLENGE, fault.get()) : sim.evidenceV2(CHALLENGE);
    VerificationRequest r =
        new VerificationRequest(
            "az-snp-vtpm",
            JSON.readTree(evidence),
            Optional.of(new RuntimeData.Raw(CHALLENGE)),
            Optional.empty(),
            null);
    return service
        .evaluate(new AttestationRequest(List.of(r), List.of("default")))
        .earPayload()
        .at("/submods/cpu0");
  }

  /** Reference values (rvps.md §5) equal to the guest's claims, as an operator registers them. */
  void registerValuesMatching(JsonNode evidence) throws Exception {
    JsonNode c = evidence.get("az-snp-vtpm");
    List<ReferenceValue> values = new ArrayList<>();
    values.add(value("measurement", c.get("measurement")));
    for (Iterator<Map.Entry<String, JsonNode>> it = c.get("tpm").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> pcr = it.next();
      values.add(value("snp_" + pcr.getKey(), pcr.getValue()));
    }
    String[][] pairs = {
      {"tcb_bootloader", "reported_tcb_bootloader"}, {"tcb_tee", "reported_tcb_tee"},
      {"tcb_snp", "reported_tcb_snp"}, {"tcb_microcode", "reported_tcb_microcode"},
      {"smt_enabled", "platform_smt_enabled"}, {"tsme_enabled", "platform_tsme_enabled"},
      {"abi_major", "policy_abi_major"}, {"abi_minor", "policy_abi_minor"},
      {"single_socket", "policy_single_socket"}, {"smt_allowed", "policy_smt_allowed"},
    };
    for (String[] p : pairs) {
      values.add(value(p[0], c.get(p[1])));
    }
    rvps.storeUnsigned(values);
  }

  ReferenceValue value(String name, JsonNode claim) {
    return ReferenceValue.withDefaultExpiry(
        name, JSON.createArrayNode().add(claim.asText()), rvps.now());
  }

  @Test
  void theSimulatedGuestWithDebugAndMigrationOffIsAffirming() throws Exception {
    JsonNode cpu0 = cpu0(Optional.empty());

    assertThat(
            cpu0.at("/ear.veraison.annotated-evidence/az-snp-vtpm/policy_debug_allowed").asText())
        .isEqualTo("false");
    assertThat(cpu0.get("ear.status").asText()).isEqualTo("affirming");
    assertThat(cpu0.get("ear.trustworthiness-vector"))
        .isEqualTo(new TrustVector(PolicyGoldens.vector(3, 2, 2)).toJson());
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"DEBUG_ALLOWED", "MIGRATE_MA_ALLOWED"})
  void theSameGuestWithDebugOrAMigrationAgentAllowedIsContraindicated(Fault fault)
      throws Exception {
    JsonNode cpu0 = cpu0(Optional.of(fault));

    String claim = fault == Fault.DEBUG_ALLOWED ? "policy_debug_allowed" : "policy_migrate_ma";
    assertThat(cpu0.at("/ear.veraison.annotated-evidence/az-snp-vtpm/" + claim).asText())
        .isEqualTo("true");
    assertThat(cpu0.get("ear.status").asText()).isEqualTo("contraindicated");
    assertThat(cpu0.get("ear.trustworthiness-vector"))
        .isEqualTo(new TrustVector(PolicyGoldens.vector(3, 2, 96)).toJson());
  }
}
