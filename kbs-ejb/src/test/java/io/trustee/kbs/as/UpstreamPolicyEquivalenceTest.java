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
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.policy.ResourcePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * "Upstream default policies give the same trust vectors as ours on the same inputs": the upstream
 * default CPU policy ({@code upstream-policies/ear_default_policy_cpu.rego}, read at test time) and
 * our {@code default_cpu.rego} are evaluated on the same policy input with the same reference
 * values, for every TEE section: the full matching set, no values, and every single value missing
 * or mismatching. Trust vectors and extensions must be equal.
 *
 * <p>The deliberate differences, asserted explicitly: for az-snp-vtpm our policy also requires
 * every registered {@code snp_pcr03/08/09/12} to match (upstream ignores them), and for az-snp-vtpm
 * and snp an SNP guest policy allowing debugging or a migration agent makes the configuration 96,
 * contraindicated (upstream: affirming for az-snp-vtpm, 36 for snp). The resource policies are
 * compared the same way; our {@code resource_affirming_only} additionally restricts releases to the
 * {@code resource} plugin and never releases to the sample attester.
 */
class UpstreamPolicyEquivalenceTest {
  static final String OURS = DefaultPolicies.text("default_cpu");
  static final JsonNodeFactory F = JSON.getNodeFactory();

  static String upstream(String file) {
    return TestVectors.text("upstream-policies/" + file);
  }

  /** One TEE section: a policy input and the reference values that make it fully appraised. */
  record Scenario(String name, JsonNode input, Map<String, JsonNode> values) {}

  static List<Scenario> scenarios() throws Exception {
    List<Scenario> out = new ArrayList<>();
    out.add(new Scenario("az-snp-vtpm", azSnpVtpmInput(), azSnpVtpmAffirmingValues()));
    out.add(new Scenario("sample", sampleInput(), sampleAffirmingValues()));
    out.add(snp());
    out.add(tdx());
    out.add(azTdxVtpm());
    ObjectNode tpm = JSON.createObjectNode();
    tpm.putObject("tpm").put("pcr11", PCRS.get("pcr12")).put("ak_public", "AK-PEM");
    out.add(
        new Scenario(
            "tpm",
            tpm,
            values("tpm_pcr11", strings(PCRS.get("pcr12")), "trusted_aks", strings("AK-PEM"))));
    ObjectNode se = JSON.createObjectNode();
    se.putObject("se").put("image_phkh", "ab").put("user_data", "00");
    out.add(new Scenario("se", se, Map.of()));
    return out;
  }

  static Scenario snp() {
    ObjectNode input = JSON.createObjectNode();
    input
        .putObject("snp")
        .put("measurement", "a1f3930413247bb38cfc171579ea3c12")
        .put("reported_tcb_bootloader", 3)
        .put("reported_tcb_microcode", 115)
        .put("reported_tcb_snp", 8)
        .put("reported_tcb_tee", 0)
        .put("policy_debug_allowed", false)
        .put("policy_migrate_ma", false)
        .put("platform_smt_enabled", true)
        .put("platform_tsme_enabled", false)
        .put("policy_abi_major", 0)
        .put("policy_abi_minor", 31)
        .put("policy_single_socket", false)
        .put("policy_smt_allowed", true);
    return new Scenario(
        "snp",
        input,
        values(
            "snp_launch_measurement", strings("a1f3930413247bb38cfc171579ea3c12"),
            "snp_bootloader", F.arrayNode().add(3),
            "snp_microcode", F.arrayNode().add(115),
            "snp_snp_svn", F.arrayNode().add(8),
            "snp_tee_svn", F.arrayNode().add(0),
            "snp_smt_enabled", F.booleanNode(true),
            "snp_tsme_enabled", F.booleanNode(false),
            "snp_guest_abi_major", F.numberNode(0),
            "snp_guest_abi_minor", F.numberNode(31),
            "snp_single_socket", F.booleanNode(false),
            "snp_smt_allowed", F.booleanNode(true)));
  }

  static ObjectNode tdxQuote(ObjectNode tee) {
    ObjectNode quote = tee.putObject("quote");
    quote
        .putObject("header")
        .put("tee_type", "81000000")
        .put("vendor_id", "939a7233f79c4ca9940a0db3957f0607");
    quote
        .putObject("body")
        .put("rtmr_1", "r1")
        .put("rtmr_2", "r2")
        .put("mr_td", "td")
        .put("xfam", "e702060000000000");
    tee.put("tcb_status", "UpToDate");
    return tee;
  }

  static Scenario tdx() throws Exception {
    ObjectNode input = JSON.createObjectNode();
    ObjectNode tdx = tdxQuote(input.putObject("tdx"));
    tdx.put("collateral_expiration_status", "0");
    tdx.putObject("td_attributes").put("debug", false);
    tdx.set(
        "uefi_event_logs",
        JSON.readTree(
            "[{\"type_name\":\"EV_EFI_BOOT_SERVICES_APPLICATION\","
                + "\"details\":{\"device_paths\":[\"PciRoot(0x0)\",\"File(kernel)\"]},"
                + "\"digests\":[{\"alg\":\"SHA-384\",\"digest\":\"kernel-digest\"}]},"
                + "{\"type_name\":\"EV_EVENT_TAG\","
                + "\"details\":{\"string\":\"LOADED_IMAGE::LoadOptions\"},"
                + "\"digests\":[{\"alg\":\"SHA-384\",\"digest\":\"params-digest\"}]}]"));
    return new Scenario(
        "tdx",
        input,
        values(
            "rtmr_1", strings("r1"),
            "rtmr_2", strings("r2"),
            "mr_td", strings("td"),
            "xfam", strings("e702060000000000"),
            "tdvfkernel", F.textNode("kernel-digest"),
            "tdvfkernelparams", F.textNode("params-digest")));
  }

  static Scenario azTdxVtpm() {
    ObjectNode input = JSON.createObjectNode();
    ObjectNode az = tdxQuote(input.putObject("az-tdx-vtpm"));
    az.putObject("tpm").put("pcr11", PCRS.get("pcr09"));
    return new Scenario(
        "az-tdx-vtpm",
        input,
        values(
            "tdx_pcr11", strings(PCRS.get("pcr09")),
            "mr_td", strings("td"),
            "xfam", strings("e702060000000000")));
  }

  static Map<String, JsonNode> values(Object... nameValue) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put((String) nameValue[i], (JsonNode) nameValue[i + 1]);
    }
    return m;
  }

  /** A value of the same shape that matches nothing in the scenarios. */
  static JsonNode mismatching(JsonNode v) {
    if (v.isArray()) {
      return v.isEmpty() || v.get(0).isTextual()
          ? strings("zz-not-" + v.path(0).asText())
          : F.arrayNode().add(mismatching(v.get(0)));
    }
    if (v.isBoolean()) {
      return F.booleanNode(!v.booleanValue());
    }
    if (v.isNumber()) {
      return F.numberNode(v.intValue() + 1);
    }
    return F.textNode("zz-not-" + v.asText());
  }

  /** Every scenario with all values, none, and each value missing or mismatching. */
  static Stream<Arguments> sameInputs() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (Scenario s : scenarios()) {
      out.add(Arguments.of(Named.of(s.name() + ", all values", s.input()), s.values()));
      out.add(Arguments.of(Named.of(s.name() + ", no values", s.input()), Map.of()));
      for (String rv : s.values().keySet()) {
        Map<String, JsonNode> missing = new LinkedHashMap<>(s.values());
        missing.remove(rv);
        out.add(Arguments.of(Named.of(s.name() + ", without " + rv, s.input()), missing));
        Map<String, JsonNode> wrong = new LinkedHashMap<>(s.values());
        wrong.put(rv, mismatching(s.values().get(rv)));
        out.add(Arguments.of(Named.of(s.name() + ", mismatching " + rv, s.input()), wrong));
      }
    }
    // az-snp-vtpm PCRs neither policy looks at, and optional PCRs registered with matching values
    Map<String, JsonNode> unlisted = azSnpVtpmAffirmingValues();
    unlisted.put("snp_pcr00", strings(OTHER_PCR));
    unlisted.put("snp_pcr14", strings(OTHER_PCR));
    out.add(Arguments.of(Named.of("az-snp-vtpm, unlisted PCRs", azSnpVtpmInput()), unlisted));
    Map<String, JsonNode> optional = azSnpVtpmAffirmingValues();
    for (String n : List.of("03", "08", "09", "12")) {
      optional.put("snp_pcr" + n, strings(PCRS.get("pcr" + n)));
    }
    out.add(
        Arguments.of(Named.of("az-snp-vtpm, matching optional PCRs", azSnpVtpmInput()), optional));
    // sample in debug mode; init-data claims for the identifiers extension
    ObjectNode debug = sampleInput();
    ((ObjectNode) debug.get("sample")).put("debug", true);
    out.add(Arguments.of(Named.of("sample, debug", debug), sampleAffirmingValues()));
    ObjectNode withContainers = azSnpVtpmInput();
    withContainers.set(
        "init_data_claims",
        JSON.readTree(
            "{\"agent_policy_claims\":{\"containers\":[{\"OCI\":{\"Annotations\":"
                + "{\"io.kubernetes.cri.image-name\":\"pause:3.9\"},"
                + "\"Process\":{\"User\":{\"UID\":65535}}}}]}}"));
    out.add(
        Arguments.of(
            Named.of("az-snp-vtpm, agent policy containers", withContainers),
            azSnpVtpmAffirmingValues()));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sameInputs")
  void upstreamAndOurCpuPolicyGiveTheSameTrustVectorAndExtensions(
      JsonNode input, Map<String, JsonNode> rvs) throws Exception {
    var theirs = evaluate(upstream("ear_default_policy_cpu.rego"), input, rvs);
    var ours = evaluate(OURS, input, rvs);

    assertThat(ours.claims()).isEqualTo(theirs.claims());
    assertThat(ours.verdict().extensions()).isEqualTo(theirs.verdict().extensions());
  }

  @Test
  void theScenariosCoverEveryTierOfEveryAssertedClaim() throws Exception {
    // guards against a comparison that is trivially equal (e.g. both always at the defaults)
    var seen = new java.util.HashSet<String>();
    for (Arguments a : sameInputs().toList()) {
      @SuppressWarnings("unchecked")
      Map<String, JsonNode> rvs = (Map<String, JsonNode>) a.get()[1];
      JsonNode input = (JsonNode) ((Named<?>) a.get()[0]).getPayload();
      evaluate(OURS, input, rvs).claims().forEach((c, v) -> seen.add(c + "=" + v));
    }
    assertThat(seen)
        .contains(
            "executables=3",
            "executables=4",
            "executables=33",
            "hardware=2",
            "hardware=97",
            "configuration=0",
            "configuration=2",
            "configuration=3",
            "configuration=36");
  }

  @ParameterizedTest(name = "pcr{0}")
  @ValueSource(strings = {"03", "08", "09", "12"})
  void deliberateDifferenceARegisteredOptionalPcrMustMatchOnlyInOurs(String n) throws Exception {
    Map<String, JsonNode> rvs = azSnpVtpmAffirmingValues();
    rvs.put("snp_pcr" + n, strings(OTHER_PCR));

    var theirs = evaluate(upstream("ear_default_policy_cpu.rego"), azSnpVtpmInput(), rvs);
    var ours = evaluate(OURS, azSnpVtpmInput(), rvs);

    assertThat(theirs.claims()).isEqualTo(vector(3, 2, 2));
    assertThat(theirs.queried()).doesNotContain("snp_pcr" + n);
    assertThat(ours.claims()).isEqualTo(vector(33, 2, 2));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"policy_debug_allowed", "policy_migrate_ma"})
  void deliberateDifferenceADebuggableOrMigratableAzSnpVtpmGuestIsNeverAffirmingInOurs(String claim)
      throws Exception {
    ObjectNode input = azSnpVtpmInput();
    ((ObjectNode) input.get("az-snp-vtpm")).put(claim, "true");

    var theirs =
        evaluate(upstream("ear_default_policy_cpu.rego"), input, azSnpVtpmAffirmingValues());
    var ours = evaluate(OURS, input, azSnpVtpmAffirmingValues());

    // upstream never looks at these bits for az-snp-vtpm
    assertThat(theirs.claims()).isEqualTo(vector(3, 2, 2));
    assertThat(theirs.vector().status()).isEqualTo(TrustTier.AFFIRMING);
    assertThat(ours.claims()).isEqualTo(vector(3, 2, 96));
    assertThat(ours.vector().status()).isEqualTo(TrustTier.CONTRAINDICATED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"policy_debug_allowed", "policy_migrate_ma"})
  void deliberateDifferenceADebuggableOrMigratableSnpGuestIsContraindicatedNotJustWarned(
      String claim) throws Exception {
    Scenario snp = snp();
    ObjectNode input = snp.input().deepCopy();
    ((ObjectNode) input.get("snp")).put(claim, true);

    var theirs = evaluate(upstream("ear_default_policy_cpu.rego"), input, snp.values());
    var ours = evaluate(OURS, input, snp.values());

    assertThat(theirs.claims()).isEqualTo(vector(3, 2, 36));
    assertThat(ours.claims()).isEqualTo(vector(3, 2, 96));
    assertThat(ours.vector().status()).isEqualTo(TrustTier.CONTRAINDICATED);
  }

  // ---------------------------------------------------------------------------------------------
  // resource policies

  static Stream<Arguments> tokens() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (String plugin : List.of("resource", "other")) {
      for (String tee : List.of("az-snp-vtpm", "sample")) {
        for (String status : List.of("affirming", "warning", "contraindicated", "none")) {
          out.add(
              Arguments.of(
                  Named.of(plugin + ", " + tee + " " + status, token(tee, status)), plugin));
        }
      }
      out.add(Arguments.of(Named.of(plugin + ", no submods", JSON.readTree("{}")), plugin));
      out.add(
          Arguments.of(
              Named.of(plugin + ", empty submods", JSON.readTree("{\"submods\":{}}")), plugin));
      ObjectNode mixed = token("az-snp-vtpm", "affirming");
      mixed.with("submods").putObject("gpu0").put("ear.status", "warning");
      out.add(Arguments.of(Named.of(plugin + ", cpu affirming gpu warning", mixed), plugin));
      ObjectNode two = token("az-snp-vtpm", "affirming");
      two.with("submods").putObject("gpu0").put("ear.status", "affirming");
      out.add(Arguments.of(Named.of(plugin + ", cpu and gpu affirming", two), plugin));
    }
    return out.stream();
  }

  static ObjectNode token(String tee, String status) {
    ObjectNode t = JSON.createObjectNode();
    ObjectNode cpu0 = t.putObject("submods").putObject("cpu0");
    cpu0.put("ear.status", status);
    cpu0.putObject("ear.veraison.annotated-evidence").putObject(tee).put("svn", "1");
    return t;
  }

  static boolean allowed(String policy, JsonNode token, String plugin) throws Exception {
    return ResourcePolicy.decide(
            policy,
            token,
            ResourcePolicy.requestData(plugin, List.of("myrepo", "keys", "disk"), Map.of()))
        .allowed();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokens")
  void upstreamAndOurDefaultResourcePolicyDecideAlike(JsonNode token, String plugin)
      throws Exception {
    assertThat(allowed(DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT), token, plugin))
        .isEqualTo(allowed(upstream("kbs-resource_default.rego"), token, plugin));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokens")
  void ourAffirmingOnlyPolicyDecidesLikeUpstreamAffirmingForTheResourcePlugin(
      JsonNode token, String plugin) throws Exception {
    boolean theirs = allowed(upstream("kbs-resource_affirming.rego"), token, plugin);
    boolean ours =
        allowed(DefaultPolicies.text(DefaultPolicies.RESOURCE_AFFIRMING_ONLY), token, plugin);
    boolean sample = token.at("/submods/cpu0/ear.veraison.annotated-evidence").has("sample");
    if (plugin.equals("resource") && !sample) {
      assertThat(ours).isEqualTo(theirs);
    } else {
      // deliberate differences: upstream's example ignores the plugin and releases to an
      // affirming sample attester; ours releases neither
      assertThat(ours).isFalse();
    }
  }

  @Test
  void deliberateDifferenceUpstreamAffirmingReleasesToAnAffirmingSampleAttester() throws Exception {
    ObjectNode t = token("sample", "affirming");
    assertThat(allowed(upstream("kbs-resource_affirming.rego"), t, "resource")).isTrue();
    assertThat(
            allowed(DefaultPolicies.text(DefaultPolicies.RESOURCE_AFFIRMING_ONLY), t, "resource"))
        .isFalse();
    assertThat(allowed(DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT), t, "resource"))
        .isFalse();
  }

  @Test
  void deliberateDifferenceUpstreamAffirmingAlsoReleasesToOtherPlugins() throws Exception {
    ObjectNode t = token("az-snp-vtpm", "affirming");
    assertThat(allowed(upstream("kbs-resource_affirming.rego"), t, "other")).isTrue();
    assertThat(allowed(DefaultPolicies.text(DefaultPolicies.RESOURCE_AFFIRMING_ONLY), t, "other"))
        .isFalse();
  }
}
