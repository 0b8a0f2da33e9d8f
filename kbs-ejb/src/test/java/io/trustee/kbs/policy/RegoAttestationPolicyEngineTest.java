package io.trustee.kbs.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.as.Extension;
import io.trustee.kbs.as.PolicyEvaluationException;
import io.trustee.kbs.as.PolicyVerdict;
import io.trustee.kbs.as.ReferenceValueLookup;
import io.trustee.kbs.as.TrustTier;
import io.trustee.kbs.as.TrustVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Edge cases of the Rego attestation policy engine (attestation-service.md §5.1). */
class RegoAttestationPolicyEngineTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String HEADER = "package policy\n\nimport rego.v1\n\n";
  static final ReferenceValueLookup NONE = id -> Optional.empty();

  final RegoAttestationPolicyEngine engine = new RegoAttestationPolicyEngine();

  PolicyVerdict evaluate(String body, String input, ReferenceValueLookup lookup) throws Exception {
    return engine.evaluate(HEADER + body, JSON.readTree(input), lookup);
  }

  PolicyVerdict evaluate(String body) throws Exception {
    return evaluate(body, "{}", NONE);
  }

  // ---------------------------------------------------------------------------------------------
  // trust_claims

  @Test
  void withoutATrustClaimsRuleEveryClaimIsZeroAndTheStatusNone() throws Exception {
    PolicyVerdict v = evaluate("allow := true\n");

    assertThat(v.trustClaims()).isEmpty();
    TrustVector tv = TrustVector.fromPolicy(v.trustClaims());
    assertThat(tv.claims())
        .hasSize(8)
        .containsOnlyKeys(TrustVector.CLAIMS)
        .allSatisfy((c, value) -> assertThat(value).isZero());
    assertThat(tv.status()).isEqualTo(TrustTier.NONE);
  }

  @Test
  void trustClaimsIsReturnedAsWritten() throws Exception {
    PolicyVerdict v =
        evaluate("trust_claims := {\"executables\": 3, \"hardware\": -2, \"configuration\": 0}\n");

    assertThat(v.trustClaims())
        .contains(Map.of("executables", 3, "hardware", -2, "configuration", 0));
  }

  @Test
  void aTrustClaimsRuleThatIsUndefinedIsAnError() {
    assertThatThrownBy(() -> evaluate("trust_claims := {\"executables\": 3} if input.nothing\n"))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("trust_claims is undefined");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[3]", "3", "\"affirming\"", "true", "null"})
  void aTrustClaimsValueThatIsNotAnObjectIsAnError(String value) {
    assertThatThrownBy(() -> evaluate("trust_claims := " + value + "\n"))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("trust_claims is not an object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3.5", "\"3\"", "true", "null", "[3]", "{\"v\": 3}", "4294967296"})
  void aTrustClaimThatIsNotAnIntIsAnError(String value) {
    assertThatThrownBy(
            () -> evaluate("trust_claims := {\"hardware\": 2, \"executables\": " + value + "}\n"))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("trust_claims.executables is not an integer");
  }

  @Test
  void anEmptyOrUnknownOrOutOfRangeTrustClaimIsRejectedByTheTrustVector() throws Exception {
    assertThatThrownBy(() -> TrustVector.fromPolicy(evaluate("trust_claims := {}\n").trustClaims()))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("at least one policy claim must be set");
    assertThatThrownBy(
            () ->
                TrustVector.fromPolicy(
                    evaluate("trust_claims := {\"exectuables\": 3}\n").trustClaims()))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("unknown claim 'exectuables'");
    assertThatThrownBy(
            () ->
                TrustVector.fromPolicy(
                    evaluate("trust_claims := {\"executables\": 128}\n").trustClaims()))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("outside -128..127");
  }

  @Test
  void conflictingValuesOfACompleteRuleAreAnError() {
    String body =
        "default executables := 33\n"
            + "executables := 3 if input.a\n"
            + "executables := 4 if input.a\n"
            + "trust_claims := {\"executables\": executables}\n";

    assertThatThrownBy(() -> evaluate(body, "{\"a\": true}", NONE))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("attestation policy failed");
  }

  @Test
  void aPolicyThatDoesNotCompileIsAnError() {
    assertThatThrownBy(() -> evaluate("trust_claims := {\n"))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("does not compile");
  }

  @Test
  void otherRuleValuesAreReportedForTheRecord() throws Exception {
    PolicyVerdict v =
        evaluate(
            "default executables := 33\n"
                + "executables := 3 if input.ok\n"
                + "trust_claims := {\"executables\": executables}\n",
            "{\"ok\": true}",
            NONE);

    assertThat(v.ruleValues())
        .containsEntry("executables", JSON.getNodeFactory().numberNode(3))
        .containsKey("trust_claims");
  }

  @Test
  void thereIsNoDataDocument() throws Exception {
    PolicyVerdict v =
        evaluate(
            "default hardware := 97\n"
                + "hardware := 2 if input.svn in data.reference.device_svn\n"
                + "trust_claims := {\"hardware\": hardware}\n",
            "{\"svn\": 1}",
            NONE);

    assertThat(v.trustClaims()).contains(Map.of("hardware", 97));
  }

  // ---------------------------------------------------------------------------------------------
  // extensions

  @Test
  void extensionsAreParsedInOrder() throws Exception {
    PolicyVerdict v =
        evaluate(
            "trust_claims := {\"executables\": 3}\n"
                + "extensions := [{\"name\": \"ear.trustee.identifiers\", \"key\": -18,"
                + " \"value\": {\"validated\": {\"container_uids\": [0]}}},"
                + " {\"name\": \"x.other\", \"key\": 70000, \"value\": null}]\n");

    assertThat(v.extensions())
        .containsExactly(
            new Extension(
                "ear.trustee.identifiers",
                -18,
                JSON.readTree("{\"validated\":{\"container_uids\":[0]}}")),
            new Extension("x.other", 70000, JSON.nullNode()));
  }

  @Test
  void undefinedOrAbsentExtensionsAreNone() throws Exception {
    assertThat(evaluate("trust_claims := {\"executables\": 3}\n").extensions()).isEmpty();
    assertThat(
            evaluate(
                    "trust_claims := {\"executables\": 3}\n"
                        + "extensions := [{\"name\": \"n\", \"key\": 1, \"value\": 1}]"
                        + " if input.never\n")
                .extensions())
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\": \"n\", \"key\": 1, \"value\": 1}",
        "[{\"key\": 1, \"value\": 1}]",
        "[{\"name\": \"n\", \"value\": 1}]",
        "[{\"name\": \"n\", \"key\": 1}]",
        "[{\"name\": 7, \"key\": 1, \"value\": 1}]",
        "[{\"name\": \"n\", \"key\": \"1\", \"value\": 1}]",
        "[{\"name\": \"n\", \"key\": 1.5, \"value\": 1}]",
        "[{\"name\": \"n\", \"key\": 4294967296, \"value\": 1}]"
      })
  void malformedExtensionsAreAnError(String extensions) {
    assertThatThrownBy(
            () -> evaluate("trust_claims := {\"executables\": 3}\nextensions := " + extensions))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("extensions");
  }

  // ---------------------------------------------------------------------------------------------
  // query_reference_value

  static final String QRV_POLICY =
      "default executables := 33\n"
          + "executables := 3 if input.m in query_reference_value(\"measurement\")\n"
          + "default hardware := 97\n"
          + "hardware := 2 if query_reference_value(\"tcb\") == null\n"
          + "trust_claims := {\"executables\": executables, \"hardware\": hardware}\n";

  @Test
  void queryReferenceValueIsNullWhenTheValueIsAbsentAndInNullIsFalse() throws Exception {
    List<String> asked = new ArrayList<>();
    PolicyVerdict v =
        evaluate(
            QRV_POLICY,
            "{\"m\": \"abc\"}",
            id -> {
              asked.add(id);
              return Optional.empty();
            });

    assertThat(v.trustClaims()).contains(Map.of("executables", 33, "hardware", 2));
    assertThat(asked).containsExactlyInAnyOrder("measurement", "tcb");
  }

  @Test
  void queryReferenceValueReturnsTheRegisteredJson() throws Exception {
    JsonNode measurement = JSON.readTree("[\"xyz\", \"abc\"]");
    JsonNode tcb = JSON.readTree("{\"min\": 3}");
    PolicyVerdict v =
        evaluate(
            QRV_POLICY,
            "{\"m\": \"abc\"}",
            id -> Optional.ofNullable(Map.of("measurement", measurement, "tcb", tcb).get(id)));

    assertThat(v.trustClaims()).contains(Map.of("executables", 3, "hardware", 97));
  }

  @Test
  void aLookupFailureFailsTheEvaluation() {
    assertThatThrownBy(
            () ->
                evaluate(
                    QRV_POLICY,
                    "{\"m\": \"abc\"}",
                    id -> {
                      throw new IllegalStateException("RVPS unavailable");
                    }))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("attestation policy failed");
  }

  @Test
  void aNonStringReferenceValueIdFailsTheEvaluation() {
    assertThatThrownBy(
            () ->
                evaluate(
                    "trust_claims := {\"executables\": 3} if query_reference_value(1) == null\n",
                    "{}",
                    NONE))
        .isInstanceOf(PolicyEvaluationException.class);
  }
}
