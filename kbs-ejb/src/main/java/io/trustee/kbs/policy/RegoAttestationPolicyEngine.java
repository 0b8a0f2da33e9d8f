package io.trustee.kbs.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.as.AttestationPolicyEngine;
import io.trustee.kbs.as.Extension;
import io.trustee.kbs.as.PolicyEvaluationException;
import io.trustee.kbs.as.PolicyVerdict;
import io.trustee.kbs.as.ReferenceValueLookup;
import io.trustee.kbs.json.Json;
import io.trustee.rego.CompiledPolicy;
import io.trustee.rego.EvalOptions;
import io.trustee.rego.EvalResult;
import io.trustee.rego.HostFunction;
import io.trustee.rego.NullValue;
import io.trustee.rego.Rego;
import io.trustee.rego.RegoCompileException;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.RuleResult;
import io.trustee.rego.Value;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attestation (EAR) policy engine on our Rego engine (attestation-service.md §5.1): evaluates
 * {@code data.policy.trust_claims} and {@code data.policy.extensions} with the policy input as
 * {@code input}, no {@code data} document, and the host function {@code query_reference_value(id)}
 * answered by the lookup ({@code null} when there is no value). Every rule value the evaluation
 * computed is reported for the "why denied" record.
 *
 * <p>Stateless and thread-safe; compiled policies are cached by the engine by text hash.
 */
public final class RegoAttestationPolicyEngine implements AttestationPolicyEngine {
  static final String TRUST_CLAIMS = "data.policy.trust_claims";
  static final String EXTENSIONS = "data.policy.extensions";
  private static final ObjectMapper JSON = Json.mapper();
  private static final Duration BUDGET = Duration.ofSeconds(10);

  @Override
  public PolicyVerdict evaluate(String policyText, JsonNode input, ReferenceValueLookup lookup)
      throws PolicyEvaluationException {
    CompiledPolicy policy;
    try {
      policy = Rego.compile(policyText);
    } catch (RegoCompileException e) {
      throw new PolicyEvaluationException(
          "attestation policy does not compile: " + e.getMessage(), e);
    }
    HostFunction qrv =
        HostFunction.of(
            "query_reference_value",
            1,
            args -> {
              Value id = args.get(0);
              Object key = id.toJava();
              if (!(key instanceof String s)) {
                throw new IllegalArgumentException("query_reference_value needs a string id");
              }
              return lookup
                  .query(s)
                  .map(v -> Value.fromJson(v.toString()))
                  .orElse(NullValue.INSTANCE);
            });
    Map<String, JsonNode> ruleValues = new LinkedHashMap<>();
    EvalOptions options =
        EvalOptions.defaults()
            .withTimeout(BUDGET)
            .withRuleTrace(
                (rule, value) -> {
                  if (value != null) {
                    ruleValues.put(shortName(rule), toJson(value));
                  }
                });
    EvalResult result;
    try {
      result =
          policy.evaluate(
              Value.fromJson(input.toString()),
              null,
              Map.of(qrv.name(), qrv),
              List.of(TRUST_CLAIMS, EXTENSIONS),
              options);
    } catch (RegoEvalException e) {
      throw new PolicyEvaluationException("attestation policy failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new PolicyEvaluationException("attestation policy failed: " + e.getMessage(), e);
    }
    return new PolicyVerdict(
        trustClaims(result.get(TRUST_CLAIMS)), extensions(result.get(EXTENSIONS)), ruleValues);
  }

  private static String shortName(String rule) {
    return rule.startsWith("data.policy.") ? rule.substring("data.policy.".length()) : rule;
  }

  private static Optional<Map<String, Integer>> trustClaims(RuleResult r)
      throws PolicyEvaluationException {
    if (r.status() == RuleResult.Status.ABSENT) {
      return Optional.empty();
    }
    JsonNode v = r.value().map(RegoAttestationPolicyEngine::toJson).orElse(null);
    if (v == null) {
      throw new PolicyEvaluationException("trust_claims is undefined");
    }
    if (!v.isObject()) {
      throw new PolicyEvaluationException("trust_claims is not an object");
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt()) {
        throw new PolicyEvaluationException(
            "trust_claims." + e.getKey() + " is not an integer: " + e.getValue());
      }
      out.put(e.getKey(), e.getValue().intValue());
    }
    return Optional.of(out);
  }

  private static List<Extension> extensions(RuleResult r) throws PolicyEvaluationException {
    if (!r.isDefined()) {
      return List.of();
    }
    JsonNode v = toJson(r.value().get());
    if (!v.isArray()) {
      throw new PolicyEvaluationException("extensions is not an array");
    }
    List<Extension> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      // canConvertToInt alone would accept 1.5 (and truncate it): the key must be an int32
      JsonNode key = e.path("key");
      if (!e.path("name").isTextual()
          || !key.isIntegralNumber()
          || !key.canConvertToInt()
          || !e.has("value")) {
        throw new PolicyEvaluationException(
            "extensions[" + i + "] must be {\"name\": string, \"key\": int32, \"value\": any}");
      }
      out.add(new Extension(e.get("name").textValue(), key.intValue(), e.get("value")));
    }
    return out;
  }

  private static JsonNode toJson(Value v) {
    try {
      return JSON.readTree(v.toJson());
    } catch (IOException e) {
      throw new IllegalStateException("engine produced invalid JSON", e);
    }
  }
}
