package io.trustee.kbs.as;

import static io.trustee.kbs.as.AzSnpVtpmFixture.JSON;
import static io.trustee.kbs.as.AzSnpVtpmFixture.PCRS;
import static io.trustee.kbs.as.PolicyGoldens.OTHER_PCR;
import static io.trustee.kbs.as.PolicyGoldens.azSnpVtpmAffirmingValues;
import static io.trustee.kbs.as.PolicyGoldens.azSnpVtpmInput;
import static io.trustee.kbs.as.PolicyGoldens.evaluate;
import static io.trustee.kbs.as.PolicyGoldens.sampleAffirmingValues;
import static io.trustee.kbs.as.PolicyGoldens.sampleInput;
import static io.trustee.kbs.as.PolicyGoldens.strings;
import static io.trustee.kbs.as.PolicyGoldens.vector;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.policy.PolicyDecision;
import io.trustee.kbs.policy.ResourcePolicy;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden tests of our default policies ({@code policies/*.rego}) on the real Rego engine: the trust
 * vectors of attestation-service.md §7.1 for the az-snp-vtpm claim set of the upstream test
 * evidence, the sample and the tpm attester, and the decisions of our two resource policies
 * (resource-policy.md §3).
 */
class DefaultPolicyGoldenTest {
  static final String DEFAULT_CPU = DefaultPolicies.text("default_cpu");
  static final String RESOURCE_DEFAULT = DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT);
  static final String RESOURCE_AFFIRMING_ONLY =
      DefaultPolicies.text(DefaultPolicies.RESOURCE_AFFIRMING_ONLY);

  static final Map<String, Integer> AFFIRMING = vector(3, 2, 2);
  static final Map<String, Integer> EXECUTABLES_DROPPED = vector(33, 2, 2);
  static final Map<String, Integer> HARDWARE_DROPPED = vector(3, 97, 2);
  static final Map<String, Integer> CONFIGURATION_DROPPED = vector(3, 2, 36);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"default_cpu", "default_gpu", "default_switch"})
  void everyAttestationDefaultCompilesAndGivesItsDefaultsForAnEmptyInput(String id)
      throws Exception {
    var e = evaluate(DefaultPolicies.text(id), JSON.createObjectNode(), Map.of());

    assertThat(e.claims()).isEqualTo(vector(33, 97, 36));
    assertThat(e.vector().status()).isEqualTo(TrustTier.CONTRAINDICATED);
  }

  @Test
  void ppcieDefaultOnlyAssertsAnApprovedConfiguration() throws Exception {
    var e = evaluate(DefaultPolicies.text("default_ppcie"), JSON.createObjectNode(), Map.of());

    assertThat(e.claims()).isEqualTo(vector(0, 0, 2));
    assertThat(e.vector().status()).isEqualTo(TrustTier.AFFIRMING);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {DefaultPolicies.RESOURCE_DEFAULT, DefaultPolicies.RESOURCE_AFFIRMING_ONLY})
  void everyResourcePolicyCompiles(String name) throws Exception {
    ResourcePolicy.requireCompiles(DefaultPolicies.text(name));
  }

  // ---------------------------------------------------------------------------------------------
  // default_cpu, az-snp-vtpm

  @Test
  void azSnpVtpmWithMatchingReferenceValuesIsAffirming() throws Exception {
    var e = evaluate(DEFAULT_CPU, azSnpVtpmInput(), azSnpVtpmAffirmingValues());

    assertThat(e.claims()).isEqualTo(AFFIRMING);
    assertThat(e.vector().status()).isEqualTo(TrustTier.AFFIRMING);
    assertThat(e.verdict().extensions())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.name()).isEqualTo("ear.trustee.identifiers");
              assertThat(x.key()).isEqualTo(-18);
              assertThat(x.value()).isEqualTo(JSON.readTree("{\"validated\":{}}"));
            });
    assertThat(e.verdict().ruleValues())
        .containsEntry("executables", JSON.getNodeFactory().numberNode(3))
        .containsEntry("hardware", JSON.getNodeFactory().numberNode(2))
        .containsEntry("configuration", JSON.getNodeFactory().numberNode(2));
  }

  static Stream<Arguments> azSnpVtpmReferenceValues() {
    return Stream.of(
        Arguments.of("measurement", EXECUTABLES_DROPPED),
        Arguments.of("snp_pcr11", EXECUTABLES_DROPPED),
        Arguments.of("tcb_bootloader", HARDWARE_DROPPED),
        Arguments.of("tcb_microcode", HARDWARE_DROPPED),
        Arguments.of("tcb_snp", HARDWARE_DROPPED),
        Arguments.of("tcb_tee", HARDWARE_DROPPED),
        Arguments.of("smt_enabled", CONFIGURATION_DROPPED),
        Arguments.of("tsme_enabled", CONFIGURATION_DROPPED),
        Arguments.of("abi_major", CONFIGURATION_DROPPED),
        Arguments.of("abi_minor", CONFIGURATION_DROPPED),
        Arguments.of("single_socket", CONFIGURATION_DROPPED),
        Arguments.of("smt_allowed", CONFIGURATION_DROPPED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("azSnpVtpmReferenceValues")
  void aMismatchingReferenceValueDropsExactlyItsClaim(String rv, Map<String, Integer> expected)
      throws Exception {
    Map<String, JsonNode> rvs = azSnpVtpmAffirmingValues();
    // same type (array of strings), a value the evidence does not have
    rvs.put(rv, strings(rv.startsWith("snp_pcr") ? OTHER_PCR : "99"));

    var e = evaluate(DEFAULT_CPU, azSnpVtpmInput(), rvs);

    assertThat(e.claims()).isEqualTo(expected);
    assertThat(e.vector().status()).isNotEqualTo(TrustTier.AFFIRMING);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("azSnpVtpmReferenceValues")
  void anUnregisteredReferenceValueDropsExactlyItsClaim(String rv, Map<String, Integer> expected)
      throws Exception {
    Map<String, JsonNode> rvs = azSnpVtpmAffirmingValues();
    rvs.remove(rv);

    assertThat(evaluate(DEFAULT_CPU, azSnpVtpmInput(), rvs).claims()).isEqualTo(expected);
  }

  static Stream<Arguments> typedReferenceValues() {
    var f = JSON.getNodeFactory();
    return Stream.of(
        Arguments.of("tcb_bootloader", f.numberNode(4), HARDWARE_DROPPED),
        Arguments.of("tcb_microcode", f.numberNode(219), HARDWARE_DROPPED),
        Arguments.of("tcb_snp", f.numberNode(24), HARDWARE_DROPPED),
        Arguments.of("tcb_tee", f.numberNode(0), HARDWARE_DROPPED),
        Arguments.of("abi_major", f.numberNode(0), CONFIGURATION_DROPPED),
        Arguments.of("abi_minor", f.numberNode(31), CONFIGURATION_DROPPED),
        Arguments.of("smt_enabled", f.booleanNode(true), CONFIGURATION_DROPPED),
        Arguments.of("single_socket", f.booleanNode(false), CONFIGURATION_DROPPED));
  }

  @ParameterizedTest(name = "{0} = [{1}]")
  @MethodSource("typedReferenceValues")
  void aTypedValueDoesNotMatchTheStringClaim(
      String rv, JsonNode typed, Map<String, Integer> expected) throws Exception {
    // az-snp-vtpm claims are strings (§7.1): ["24"] matches, [24] does not
    Map<String, JsonNode> rvs = azSnpVtpmAffirmingValues();
    rvs.put(rv, JSON.createArrayNode().add(typed));

    assertThat(evaluate(DEFAULT_CPU, azSnpVtpmInput(), rvs).claims()).isEqualTo(expected);
  }

  @Test
  void severalRegisteredValuesAreAlternatives() throws Exception {
    Map<String, JsonNode> rvs = azSnpVtpmAffirmingValues();
    rvs.put("snp_pcr11", strings(OTHER_PCR, PCRS.get("pcr11")));
    rvs.put("tcb_microcode", strings("209", "219"));

    assertThat(evaluate(DEFAULT_CPU, azSnpVtpmInput(), rvs).claims()).isEqualTo(AFFIRMING);
  }

  @ParameterizedTest(name = "pcr{0}")
  @ValueSource(strings = {"03", "08", "09", "12"})
  void aRegisteredOptionalPcrThatMatchesKeepsExecutablesAffirming(String n) throws Exception {
    Map<String, JsonNode> rvs = azSnpVtpmAffirmingValues();
    rvs.put("snp_pcr" + n, strings(OTHER_PCR, PCRS.get("pcr" + n)));

    var e = evaluate(DEFAULT_CPU, azSnpVtpmInput(), rvs);

    assertThat(e.claims()).isEqualTo(AFFIRMING);
    assertThat(e.queried()).contains("snp_pcr" + n);
  }

  @ParameterizedTest(name = "pcr{0}")
  @ValueSource(strings = {"03", "08", "09", "12"})
  void aRegisteredOptionalPcrThatDoesNotMatchDropsExecutables(String n) throws Exception {
    Map<String, JsonNode> rvs = azSnpVtpmAffirmingValues();
    rvs.put("snp_pcr" + n, strings(OTHER_PCR));

    assertThat(evaluate(DEFAULT_CPU, azSnpVtpmInput(), rvs).claims())
        .isEqualTo(EXECUTABLES_DROPPED);
  }

  @Test
  void allOptionalPcrsRegisteredAndMatchingIsAffirming() throws Exception {
    Map<String, JsonNode> rvs = azSnpVtpmAffirmingValues();
    for (String n : List.of("03", "08", "09", "12")) {
      rvs.put("snp_pcr" + n, strings(PCRS.get("pcr" + n)));
    }

    assertThat(evaluate(DEFAULT_CPU, azSnpVtpmInput(), rvs).claims()).isEqualTo(AFFIRMING);
  }

  @ParameterizedTest(name = "pcr{0}")
  @ValueSource(strings = {"00", "04", "07", "14"})
  void pcrsOutsideThePolicysListAreNotChecked(String n) throws Exception {
    Map<String, JsonNode> rvs = azSnpVtpmAffirmingValues();
    rvs.put("snp_pcr" + n, strings(OTHER_PCR));

    var e = evaluate(DEFAULT_CPU, azSnpVtpmInput(), rvs);

    assertThat(e.claims()).isEqualTo(AFFIRMING);
    assertThat(e.queried()).doesNotContain("snp_pcr" + n);
  }

  // SNP guest policy: DEBUG (bit 19) and MIGRATE_MA (bit 18) of the real evidence's claims flipped

  static final Map<String, Integer> CONFIGURATION_UNACCEPTABLE = vector(3, 2, 96);

  static ObjectNode azSnpVtpmWith(String claim, String value) {
    ObjectNode input = azSnpVtpmInput();
    ObjectNode tee = (ObjectNode) input.get("az-snp-vtpm");
    if (value == null) {
      tee.remove(claim);
    } else {
      tee.put(claim, value);
    }
    return input;
  }

  @Test
  void theRealClaimsForbidDebugAndMigrationAgentsAndStayAffirming() throws Exception {
    ObjectNode input = azSnpVtpmInput();
    assertThat(input.at("/az-snp-vtpm/policy_debug_allowed").asText()).isEqualTo("false");
    assertThat(input.at("/az-snp-vtpm/policy_migrate_ma").asText()).isEqualTo("false");

    var e = evaluate(DEFAULT_CPU, input, azSnpVtpmAffirmingValues());

    assertThat(e.claims()).isEqualTo(AFFIRMING);
    assertThat(e.vector().status()).isEqualTo(TrustTier.AFFIRMING);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @org.junit.jupiter.params.provider.CsvSource(
      value = {
        "policy_debug_allowed, true",
        "policy_migrate_ma, true",
        "policy_debug_allowed, TRUE",
        "policy_debug_allowed, 1",
        "policy_debug_allowed, NULL",
        "policy_migrate_ma, NULL"
      },
      nullValues = "NULL")
  void aDebuggableOrMigratableGuestIsContraindicatedWhateverTheReferenceValues(
      String claim, String value) throws Exception {
    // every reference value matches: without the guest-policy rule this would be affirming
    var e = evaluate(DEFAULT_CPU, azSnpVtpmWith(claim, value), azSnpVtpmAffirmingValues());

    assertThat(e.claims()).isEqualTo(CONFIGURATION_UNACCEPTABLE);
    assertThat(e.vector().status()).isEqualTo(TrustTier.CONTRAINDICATED);
  }

  @Test
  void debugAndMigrationAgentTogetherAreContraindicatedToo() throws Exception {
    ObjectNode input = azSnpVtpmWith("policy_debug_allowed", "true");
    ((ObjectNode) input.get("az-snp-vtpm")).put("policy_migrate_ma", "true");

    assertThat(evaluate(DEFAULT_CPU, input, azSnpVtpmAffirmingValues()).claims())
        .isEqualTo(CONFIGURATION_UNACCEPTABLE);
    assertThat(evaluate(DEFAULT_CPU, input, Map.of()).claims()).isEqualTo(vector(33, 97, 96));
  }

  @Test
  void aDebuggableGuestCannotBeMadeAffirmingByRegisteringItsValue() throws Exception {
    // there is no reference value for the debug bit: registering "true" anywhere changes nothing
    Map<String, JsonNode> rvs = azSnpVtpmAffirmingValues();
    rvs.put("debug_allowed", strings("true"));
    rvs.put("policy_debug_allowed", strings("true"));

    assertThat(evaluate(DEFAULT_CPU, azSnpVtpmWith("policy_debug_allowed", "true"), rvs).claims())
        .isEqualTo(CONFIGURATION_UNACCEPTABLE);
  }

  @Test
  void resourceAffirmingOnlyDeniesTheDebuggableGuest() throws Exception {
    var e =
        evaluate(
            DEFAULT_CPU, azSnpVtpmWith("policy_debug_allowed", "true"), azSnpVtpmAffirmingValues());
    String status = e.vector().status().word();

    assertThat(
            decide(RESOURCE_AFFIRMING_ONLY, token("cpu0", status, "az-snp-vtpm"), "resource")
                .allowed())
        .isFalse();
  }

  @Test
  void withoutReferenceValuesTheUpstreamDefaultsMakeItContraindicated() throws Exception {
    var e = evaluate(DEFAULT_CPU, azSnpVtpmInput(), Map.of());

    assertThat(e.claims()).isEqualTo(vector(33, 97, 36));
    assertThat(e.vector().status()).isEqualTo(TrustTier.CONTRAINDICATED);
  }

  @Test
  void anInputWithoutAKnownTeeGetsTheDefaults() throws Exception {
    ObjectNode input = JSON.createObjectNode();
    input.putObject("csv").put("measurement", "x");

    assertThat(evaluate(DEFAULT_CPU, input, azSnpVtpmAffirmingValues()).claims())
        .isEqualTo(vector(33, 97, 36));
  }

  @Test
  void theIdentifiersExtensionListsImagesAndUidsFromTheAgentPolicy() throws Exception {
    ObjectNode input = azSnpVtpmInput();
    input.set(
        "init_data_claims",
        JSON.readTree(
            "{\"agent_policy_claims\":{\"containers\":["
                + "{\"OCI\":{\"Annotations\":{\"io.kubernetes.cri.image-name\":\"pause:3.9\"},"
                + "\"Process\":{\"User\":{\"UID\":65535}}}},"
                + "{\"OCI\":{\"Annotations\":{\"io.kubernetes.cri.image-name\":"
                + "\"registry.example.com/app:1\"},\"Process\":{\"User\":{\"UID\":0}}}}]}}"));

    var e = evaluate(DEFAULT_CPU, input, azSnpVtpmAffirmingValues());

    assertThat(e.verdict().extensions().get(0).value())
        .isEqualTo(
            JSON.readTree(
                "{\"validated\":{\"container_images\":[\"pause:3.9\","
                    + "\"registry.example.com/app:1\"],\"container_uids\":[65535,0]}}"));
  }

  // ---------------------------------------------------------------------------------------------
  // default_cpu, sample and tpm (§7.1)

  @Test
  void sampleWithUpstreamReferenceValuesIsAffirming() throws Exception {
    assertThat(evaluate(DEFAULT_CPU, sampleInput(), sampleAffirmingValues()).claims())
        .isEqualTo(AFFIRMING);
  }

  @Test
  void sampleWithoutReferenceValuesKeepsOnlyTheDebugConfiguration() throws Exception {
    var e = evaluate(DEFAULT_CPU, sampleInput(), Map.of());

    assertThat(e.claims()).isEqualTo(vector(33, 97, 2));
    assertThat(e.vector().status()).isEqualTo(TrustTier.CONTRAINDICATED);
  }

  @Test
  void sampleHardwareNeedsTheMinimumMinorVersion() throws Exception {
    Map<String, JsonNode> rvs = sampleAffirmingValues();
    rvs.put("minimum_minor_version", JSON.getNodeFactory().numberNode(4));
    assertThat(evaluate(DEFAULT_CPU, sampleInput(), rvs).claims()).isEqualTo(AFFIRMING);

    rvs.put("minimum_minor_version", JSON.getNodeFactory().numberNode(5));
    assertThat(evaluate(DEFAULT_CPU, sampleInput(), rvs).claims()).isEqualTo(HARDWARE_DROPPED);
  }

  @Test
  void sampleHardwareNeedsTheExactMajorVersionAndAKnownSvn() throws Exception {
    Map<String, JsonNode> rvs = sampleAffirmingValues();
    rvs.put("major_version", JSON.getNodeFactory().numberNode(2));
    assertThat(evaluate(DEFAULT_CPU, sampleInput(), rvs).claims()).isEqualTo(HARDWARE_DROPPED);

    rvs = sampleAffirmingValues();
    rvs.put("svn", strings("2"));
    assertThat(evaluate(DEFAULT_CPU, sampleInput(), rvs).claims()).isEqualTo(HARDWARE_DROPPED);
  }

  @Test
  void sampleInDebugModeHasNoApprovedConfiguration() throws Exception {
    ObjectNode input = sampleInput();
    ((ObjectNode) input.get("sample")).put("debug", true);

    assertThat(evaluate(DEFAULT_CPU, input, sampleAffirmingValues()).claims())
        .isEqualTo(CONFIGURATION_DROPPED);
  }

  static ObjectNode snpInput(boolean debug, boolean migrateMa) {
    ObjectNode input = JSON.createObjectNode();
    input
        .putObject("snp")
        .put("measurement", "m")
        .put("policy_debug_allowed", debug)
        .put("policy_migrate_ma", migrateMa)
        .put("platform_smt_enabled", true);
    return input;
  }

  @Test
  void bareMetalSnpWithDebugOrMigrationAgentIsContraindicated() throws Exception {
    assertThat(evaluate(DEFAULT_CPU, snpInput(false, false), Map.of()).claims())
        .isEqualTo(vector(33, 97, 3));
    assertThat(evaluate(DEFAULT_CPU, snpInput(true, false), Map.of()).claims())
        .isEqualTo(vector(33, 97, 96));
    assertThat(evaluate(DEFAULT_CPU, snpInput(false, true), Map.of()).claims())
        .isEqualTo(vector(33, 97, 96));
  }

  static ObjectNode tpmInput() {
    ObjectNode input = JSON.createObjectNode();
    input.putObject("tpm").put("pcr11", PCRS.get("pcr12")).put("ak_public", "AK-PEM");
    return input;
  }

  @Test
  void tpmIsGenuineHardwareWithoutConfigurationAssertion() throws Exception {
    Map<String, JsonNode> rvs =
        Map.of("tpm_pcr11", strings(PCRS.get("pcr12")), "trusted_aks", strings("AK-PEM"));

    var e = evaluate(DEFAULT_CPU, tpmInput(), rvs);

    assertThat(e.claims()).isEqualTo(vector(3, 2, 0));
    assertThat(e.vector().status()).isEqualTo(TrustTier.AFFIRMING);
  }

  @Test
  void tpmExecutablesNeedBothThePcrAndATrustedAttestationKey() throws Exception {
    assertThat(evaluate(DEFAULT_CPU, tpmInput(), Map.of()).claims()).isEqualTo(vector(33, 2, 0));
    assertThat(
            evaluate(
                    DEFAULT_CPU,
                    tpmInput(),
                    Map.of("tpm_pcr11", strings(PCRS.get("pcr12")), "trusted_aks", strings("x")))
                .claims())
        .isEqualTo(vector(33, 2, 0));
  }

  // ---------------------------------------------------------------------------------------------
  // resource policies

  static ObjectNode token(String... submodStatusAndTee) {
    ObjectNode t = JSON.createObjectNode();
    t.put("iss", "CoCo-Attestation-Service");
    ObjectNode submods = t.putObject("submods");
    for (int i = 0; i < submodStatusAndTee.length; i += 3) {
      ObjectNode s = submods.putObject(submodStatusAndTee[i]);
      s.put("ear.status", submodStatusAndTee[i + 1]);
      s.putObject("ear.veraison.annotated-evidence").putObject(submodStatusAndTee[i + 2]);
    }
    return t;
  }

  static PolicyDecision decide(String policy, JsonNode token, String plugin) throws Exception {
    return ResourcePolicy.decide(
        policy,
        token,
        ResourcePolicy.requestData(plugin, List.of("myrepo", "keys", "disk"), Map.of()));
  }

  @Test
  void resourceDefaultReleasesToEveryRealTeeWhateverItsStatus() throws Exception {
    for (String status : List.of("affirming", "warning", "contraindicated", "none")) {
      assertThat(decide(RESOURCE_DEFAULT, token("cpu0", status, "az-snp-vtpm"), "resource"))
          .as(status)
          .extracting(PolicyDecision::allowed)
          .isEqualTo(true);
    }
  }

  @Test
  void resourceDefaultDeniesTheSampleAttesterAndOtherPlugins() throws Exception {
    assertThat(decide(RESOURCE_DEFAULT, token("cpu0", "affirming", "sample"), "resource").allowed())
        .isFalse();
    assertThat(
            decide(RESOURCE_DEFAULT, token("cpu0", "affirming", "az-snp-vtpm"), "other").allowed())
        .isFalse();
  }

  @Test
  void resourceAffirmingOnlyReleasesWhenEverySubmoduleIsAffirming() throws Exception {
    assertThat(
            decide(RESOURCE_AFFIRMING_ONLY, token("cpu0", "affirming", "az-snp-vtpm"), "resource")
                .allowed())
        .isTrue();
    assertThat(
            decide(
                    RESOURCE_AFFIRMING_ONLY,
                    token("cpu0", "affirming", "az-snp-vtpm", "gpu0", "affirming", "nvidia"),
                    "resource")
                .allowed())
        .isTrue();
  }

  @Test
  void resourceAffirmingOnlyDeniesWhenAnySubmoduleIsNotAffirming() throws Exception {
    for (String status : List.of("warning", "contraindicated", "none")) {
      assertThat(
              decide(
                      RESOURCE_AFFIRMING_ONLY,
                      token("cpu0", "affirming", "az-snp-vtpm", "gpu0", status, "nvidia"),
                      "resource")
                  .allowed())
          .as(status)
          .isFalse();
      assertThat(
              decide(RESOURCE_AFFIRMING_ONLY, token("cpu0", status, "az-snp-vtpm"), "resource")
                  .allowed())
          .as(status)
          .isFalse();
    }
  }

  @Test
  void resourceAffirmingOnlyIsStricterThanTheDefaultForTheSampleAttester() throws Exception {
    // sample reference values can make the sample attester affirming; it still gets nothing
    assertThat(
            decide(RESOURCE_AFFIRMING_ONLY, token("cpu0", "affirming", "sample"), "resource")
                .allowed())
        .isFalse();
    assertThat(
            decide(
                    RESOURCE_AFFIRMING_ONLY,
                    token("cpu0", "affirming", "az-snp-vtpm", "gpu0", "affirming", "sample"),
                    "resource")
                .allowed())
        .isFalse();
  }

  @Test
  void resourceAffirmingOnlyDeniesTokensWithoutSubmodulesAndOtherPlugins() throws Exception {
    assertThat(decide(RESOURCE_AFFIRMING_ONLY, token(), "resource").allowed()).isFalse();
    assertThat(
            decide(RESOURCE_AFFIRMING_ONLY, JSON.readTree("{\"iss\":\"x\"}"), "resource").allowed())
        .isFalse();
    assertThat(
            decide(RESOURCE_AFFIRMING_ONLY, token("cpu0", "affirming", "az-snp-vtpm"), "other")
                .allowed())
        .isFalse();
  }
}
