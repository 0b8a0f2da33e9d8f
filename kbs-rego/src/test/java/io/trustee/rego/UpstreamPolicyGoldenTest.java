package io.trustee.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Golden tests: the upstream Trustee policies read from {@code kbs.testdata.dir} compile and give
 * the results that {@code attestation-service.md} §7 and {@code resource-policy.md} describe.
 */
class UpstreamPolicyGoldenTest {
  /** The az-snp-vtpm claim set of testdata/README.md, as the AS puts it in {@code input}. */
  static final String AZ_SNP_VTPM_INPUT =
      """
      {"az-snp-vtpm": {
        "policy_abi_major": "0", "policy_abi_minor": "31", "policy_smt_allowed": "true",
        "policy_migrate_ma": "false", "policy_debug_allowed": "false",
        "policy_single_socket": "false", "reported_tcb_bootloader": "4",
        "reported_tcb_tee": "0", "reported_tcb_snp": "24", "reported_tcb_microcode": "219",
        "platform_tsme_enabled": "false", "platform_smt_enabled": "true",
        "measurement": "agY76d159jcchC5ID43DtccllhNE5XEw6Ixa30no9/bHm3Wl63f8dplZ9K6y+UAe",
        "tpm": {
          "pcr00": "e15c44796beabf46abcec7c57e590942041e47497e4ec27571c8b7664f48dced",
          "pcr11": "0000000000000000000000000000000000000000000000000000000000000000"
        }},
       "init_data": "0000000000000000000000000000000000000000000000000000000000000000",
       "init_data_claims": null,
       "report_data": "6368616c6c656e6765",
       "runtime_data_claims": null}
      """;

  /** Reference values matching the claim set. */
  static Map<String, Value> matchingReferenceValues() {
    Map<String, Value> rv = new HashMap<>();
    rv.put(
        "measurement",
        Value.fromJson("[\"agY76d159jcchC5ID43DtccllhNE5XEw6Ixa30no9/bHm3Wl63f8dplZ9K6y+UAe\"]"));
    rv.put(
        "snp_pcr11",
        Value.fromJson("[\"0000000000000000000000000000000000000000000000000000000000000000\"]"));
    rv.put("tcb_bootloader", Value.fromJson("[\"3\", \"4\"]"));
    rv.put("tcb_microcode", Value.fromJson("[\"219\"]"));
    rv.put("tcb_snp", Value.fromJson("[\"24\"]"));
    rv.put("tcb_tee", Value.fromJson("[\"0\"]"));
    rv.put("smt_enabled", Value.fromJson("[\"true\"]"));
    rv.put("tsme_enabled", Value.fromJson("[\"false\"]"));
    rv.put("abi_major", Value.fromJson("[\"0\"]"));
    rv.put("abi_minor", Value.fromJson("[\"31\"]"));
    rv.put("single_socket", Value.fromJson("[\"false\"]"));
    rv.put("smt_allowed", Value.fromJson("[\"true\"]"));
    return rv;
  }

  static Path policies() {
    String base = System.getProperty("kbs.testdata.dir");
    Path dir = base == null ? null : Path.of(base, "upstream-policies");
    assumeTrue(
        dir != null && Files.isDirectory(dir),
        "upstream policies not found under kbs.testdata.dir=" + base);
    return dir;
  }

  static CompiledPolicy load(String name) throws IOException {
    return Rego.compile(Files.readString(policies().resolve(name)));
  }

  static HostFunction referenceValues(Map<String, Value> rv, List<String> calls) {
    return HostFunction.of(
        "query_reference_value",
        1,
        args -> {
          String id = ((StringValue) args.get(0)).value();
          calls.add(id);
          return rv.getOrDefault(id, NullValue.INSTANCE);
        });
  }

  private static Value trustClaims(CompiledPolicy p, Value input, HostFunction rv) {
    EvalResult r =
        p.evaluate(
            input,
            null,
            Map.of(rv.name(), rv),
            List.of("data.policy.trust_claims", "data.policy.extensions"),
            EvalOptions.defaults());
    assertThat(r.get("data.policy.extensions").isDefined()).isTrue();
    return r.get("data.policy.trust_claims").value().orElseThrow();
  }

  @Test
  void everyUpstreamPolicyCompiles() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(policies())) {
      for (Path f : s.filter(x -> x.toString().endsWith(".rego")).sorted().toList()) {
        CompiledPolicy p = Rego.compile(Files.readString(f));
        assertThat(p.packagePath()).isEqualTo("policy");
        names.add(f.getFileName().toString());
      }
    }
    assertThat(names).hasSize(15);
  }

  @Test
  void defaultCpuWithoutReferenceValuesGivesTheDefaults() throws IOException {
    List<String> calls = new ArrayList<>();
    Value claims =
        trustClaims(
            load("ear_default_policy_cpu.rego"),
            Value.fromJson(AZ_SNP_VTPM_INPUT),
            referenceValues(Map.of(), calls));
    assertThat(claims)
        .isEqualTo(
            Value.fromJson(
                """
        {"executables": 33, "hardware": 97, "configuration": 36, "file-system": 0,
         "instance-identity": 0, "runtime-opaque": 0, "storage-opaque": 0,
         "sourced-data": 0}"""));
    assertThat(calls).contains("measurement", "tcb_bootloader", "smt_enabled");
  }

  @Test
  void defaultCpuWithMatchingReferenceValuesAffirms() throws IOException {
    List<String> calls = new ArrayList<>();
    Value claims =
        trustClaims(
            load("ear_default_policy_cpu.rego"),
            Value.fromJson(AZ_SNP_VTPM_INPUT),
            referenceValues(matchingReferenceValues(), calls));
    assertThat(claims)
        .isEqualTo(
            Value.fromJson(
                """
        {"executables": 3, "hardware": 2, "configuration": 2, "file-system": 0,
         "instance-identity": 0, "runtime-opaque": 0, "storage-opaque": 0,
         "sourced-data": 0}"""));
    assertThat(calls).hasSize(12);
  }

  @Test
  void defaultCpuWithWrongMeasurementKeepsExecutablesUnrecognised() throws IOException {
    Map<String, Value> rv = matchingReferenceValues();
    rv.put("measurement", Value.fromJson("[\"some-other-measurement\"]"));
    rv.put("tcb_snp", Value.fromJson("[\"25\"]"));
    Value claims =
        trustClaims(
            load("ear_default_policy_cpu.rego"),
            Value.fromJson(AZ_SNP_VTPM_INPUT),
            referenceValues(rv, new ArrayList<>()));
    assertThat(((ObjectValue) claims).get("executables")).isEqualTo(NumberValue.of(33));
    assertThat(((ObjectValue) claims).get("hardware")).isEqualTo(NumberValue.of(97));
    assertThat(((ObjectValue) claims).get("configuration")).isEqualTo(NumberValue.of(2));
  }

  @Test
  void defaultCpuExtensionListsContainerImagesAndUids() throws IOException {
    Value input =
        Value.fromJson(
            """
        {"tpm": {"pcr11": "x", "ak_public": "k"},
         "init_data_claims": {"agent_policy_claims": {"containers": [
           {"OCI": {"Annotations": {"io.kubernetes.cri.image-name": "nginx:1"},
                    "Process": {"User": {"UID": 0}}}},
           {"OCI": {"Annotations": {"io.kubernetes.cri.image-name": "busybox"},
                    "Process": {"User": {"UID": 1000}}}}]}}}""");
    HostFunction rv =
        referenceValues(
            Map.of(
                "tpm_pcr11", Value.fromJson("[\"x\"]"), "trusted_aks", Value.fromJson("[\"k\"]")),
            new ArrayList<>());
    EvalResult r =
        load("ear_default_policy_cpu.rego")
            .evaluate(
                input,
                null,
                Map.of(rv.name(), rv),
                List.of("data.policy.extensions", "data.policy.trust_claims"),
                null);
    assertThat(r.get("data.policy.extensions").value().orElseThrow())
        .isEqualTo(
            Value.fromJson(
                """
        [{"name": "ear.trustee.identifiers", "key": -18, "value": {"validated": {
          "container_images": ["nginx:1", "busybox"], "container_uids": [0, 1000]}}}]"""));
    ObjectValue claims = (ObjectValue) r.get("data.policy.trust_claims").value().orElseThrow();
    assertThat(claims.get("hardware")).isEqualTo(NumberValue.of(2));
    assertThat(claims.get("executables")).isEqualTo(NumberValue.of(3));
    assertThat(claims.get("configuration")).isEqualTo(NumberValue.of(0));
  }

  @Test
  void ppcieDefaultsOnly() throws IOException {
    EvalResult r =
        load("ear_default_policy_ppcie.rego")
            .evaluate(
                Value.fromJson("{}"),
                null,
                Map.of(),
                List.of("data.policy.trust_claims", "data.policy.extensions"),
                null);
    assertThat(r.get("data.policy.extensions").status()).isEqualTo(RuleResult.Status.ABSENT);
    Value claims = r.get("data.policy.trust_claims").value().orElseThrow();
    assertThat(((ObjectValue) claims).get("configuration")).isEqualTo(NumberValue.of(2));
    assertThat(((ObjectValue) claims).get("hardware")).isEqualTo(NumberValue.of(0));
  }

  private static RuleResult allow(String policy, String input, String data) throws IOException {
    return load(policy)
        .evaluate(
            Value.fromJson(input),
            Value.fromJson(data),
            Map.of(),
            List.of("data.policy.allow"),
            EvalOptions.defaults())
        .get("data.policy.allow");
  }

  private static final String RESOURCE =
      """
      {"plugin": "resource", "resource-path": ["myrepo", "secret", "secret1"], "query": {}}""";

  private static final String SAMPLE_TOKEN =
      """
      {"submods": {"cpu0": {"ear.status": "affirming",
        "ear.veraison.annotated-evidence": {"sample": {"productId": "secret", "svn": 2}}}}}""";

  private static final String SNP_TOKEN =
      """
      {"submods": {"cpu0": {"ear.status": "affirming",
        "ear.veraison.annotated-evidence": {"az-snp-vtpm": {"measurement": "m"}}}}}""";

  @Test
  void defaultResourcePolicyAllowsTeeButNotSample() throws IOException {
    assertThat(allow("kbs-resource_default.rego", SNP_TOKEN, RESOURCE).isTrue()).isTrue();
    assertThat(allow("kbs-resource_default.rego", SAMPLE_TOKEN, RESOURCE).value())
        .contains(BooleanValue.FALSE);
    assertThat(
            allow(
                    "kbs-resource_default.rego",
                    SNP_TOKEN,
                    "{\"plugin\": \"other\", \"resource-path\": [], \"query\": {}}")
                .value())
        .contains(BooleanValue.FALSE);
  }

  @Test
  void allowAllAndDenyAll() throws IOException {
    assertThat(allow("kbs-resource_allow_all.rego", "{}", RESOURCE).isTrue()).isTrue();
    assertThat(allow("kbs-resource_deny_all.rego", SNP_TOKEN, RESOURCE).isTrue()).isFalse();
  }

  @Test
  void affirmingPolicyNeedsEverySubmodAffirming() throws IOException {
    assertThat(allow("kbs-resource_affirming.rego", SNP_TOKEN, RESOURCE).isTrue()).isTrue();
    String mixed =
        """
        {"submods": {"cpu0": {"ear.status": "affirming"}, "gpu0": {"ear.status": "warning"}}}""";
    assertThat(allow("kbs-resource_affirming.rego", mixed, RESOURCE).isTrue()).isFalse();
    assertThat(allow("kbs-resource_affirming.rego", "{\"submods\": {}}", RESOURCE).isTrue())
        .isFalse();
  }

  @Test
  void svnPolicyComparesMinimumPerResource() throws IOException {
    assertThat(allow("policy-engine_policy_5.rego", SAMPLE_TOKEN, RESOURCE).isTrue()).isTrue();
    String secret2 =
        """
        {"plugin": "resource", "resource-path": ["myrepo", "secret", "secret2"]}""";
    assertThat(allow("policy-engine_policy_5.rego", SAMPLE_TOKEN, secret2).isTrue()).isFalse();
    String unknown =
        """
        {"plugin": "resource", "resource-path": ["myrepo", "secret", "nope"]}""";
    assertThat(allow("policy-engine_policy_5.rego", SAMPLE_TOKEN, unknown).isTrue()).isFalse();
  }

  @Test
  void productIdPolicyMatchesResourceType() throws IOException {
    assertThat(allow("policy-engine_policy_4.rego", SAMPLE_TOKEN, RESOURCE).isTrue()).isTrue();
    String other =
        """
        {"plugin": "resource", "resource-path": ["myrepo", "keys", "k"]}""";
    assertThat(allow("policy-engine_policy_4.rego", SAMPLE_TOKEN, other).isTrue()).isFalse();
  }
}
