package io.trustee.kbs.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.as.DefaultPolicies;
import io.trustee.kbs.as.PolicyEvaluationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourcePolicyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode claims(String tee, String status) throws Exception {
    return JSON.readTree(
        "{\"submods\":{\"cpu0\":{\"ear.status\":\""
            + status
            + "\","
            + "\"ear.veraison.annotated-evidence\":{\""
            + tee
            + "\":{\"svn\":\"1\"}}}}}");
  }

  private static JsonNode request(String path) {
    return ResourcePolicy.requestData("resource", List.of(path.split("/", -1)), Map.of());
  }

  @Test
  void allowsOnlyWhenAllowIsTrue() throws Exception {
    String p =
        "package policy\nimport rego.v1\ndefault allow := false\n"
            + "allow if data[\"resource-path\"][0] == \"open\"\n";
    assertThat(ResourcePolicy.decide(p, claims("sample", "none"), request("open/k/v")).allowed())
        .isTrue();
    assertThat(ResourcePolicy.decide(p, claims("sample", "none"), request("closed/k/v")).allowed())
        .isFalse();
  }

  @Test
  void absentUndefinedAndNonBooleanAllowAreDenials() throws Exception {
    JsonNode c = claims("az-snp-vtpm", "affirming");
    PolicyDecision absent = ResourcePolicy.decide("package policy\nx := 1\n", c, request("a/b/c"));
    assertThat(absent.allowed()).isFalse();
    assertThat(absent.reason()).contains("no rule 'allow'");
    PolicyDecision undefined =
        ResourcePolicy.decide(
            "package policy\nimport rego.v1\nallow if input.nothing == 1\n", c, request("a/b/c"));
    assertThat(undefined.allowed()).isFalse();
    assertThat(undefined.reason()).contains("undefined");
    assertThat(
            ResourcePolicy.decide("package policy\nallow := \"yes\"\n", c, request("a/b/c"))
                .allowed())
        .isFalse();
  }

  @Test
  void compileErrorsNameLineAndColumn() {
    assertThatThrownBy(() -> ResourcePolicy.requireCompiles("package policy\nallow if {\n"))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageMatching("(?s).*does not compile: \\d+:\\d+.*");
  }

  @Test
  void runtimeErrorsAreErrorsNotDenials() {
    // Two complete definitions with different values: OPA's eval_conflict_error.
    String p =
        "package policy\nimport rego.v1\nv := 1 if true\nv := 2 if true\n" + "allow if v == 1\n";
    assertThatThrownBy(() -> ResourcePolicy.decide(p, claims("sample", "none"), request("a/b/c")))
        .isInstanceOf(PolicyEvaluationException.class);
  }

  @Test
  void defaultPolicyDeniesSampleAndAllowsRealTees() throws Exception {
    String p = DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT);
    assertThat(ResourcePolicy.decide(p, claims("sample", "affirming"), request("a/b/c")).allowed())
        .isFalse();
    assertThat(
            ResourcePolicy.decide(p, claims("az-snp-vtpm", "contraindicated"), request("a/b/c"))
                .allowed())
        .isTrue();
  }

  @Test
  void consultedRulesAreReportedForDryRuns() throws Exception {
    String p =
        "package policy\nimport rego.v1\ndefault allow := false\n"
            + "affirming if input.submods.cpu0[\"ear.status\"] == \"affirming\"\nallow if affirming\n";
    PolicyDecision d = ResourcePolicy.decide(p, claims("tpm", "affirming"), request("a/b/c"));
    assertThat(d.allowed()).isTrue();
    assertThat(d.consultedRules()).containsKey(ResourcePolicy.RULE);
  }
}
