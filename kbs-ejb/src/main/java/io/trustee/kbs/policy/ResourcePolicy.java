package io.trustee.kbs.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.as.PolicyEvaluationException;
import io.trustee.kbs.json.Json;
import io.trustee.rego.CompiledPolicy;
import io.trustee.rego.EvalOptions;
import io.trustee.rego.Rego;
import io.trustee.rego.RegoCompileException;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.RuleResult;
import io.trustee.rego.Value;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The KBS resource policy (resource-policy.md): a Rego module whose {@code data.policy.allow} is
 * evaluated with the verified token claims as {@code input} and the request ({@code plugin}, {@code
 * resource-path}, {@code query}) as {@code data}. Allowed only when the rule is the boolean {@code
 * true}; absent, undefined or non-boolean means deny; an evaluation error is an error, not a
 * denial. No host functions are available here.
 *
 * <p>Stateless and thread-safe: compiled policies are cached by the engine by a hash of their text,
 * so a changed policy takes effect on the next request.
 */
public final class ResourcePolicy {
  public static final String RULE = "data.policy.allow";
  private static final ObjectMapper JSON = Json.mapper();
  private static final Duration BUDGET = Duration.ofSeconds(2);

  private ResourcePolicy() {}

  /** Checks that {@code text} compiles; the message names line and column when it does not. */
  public static void requireCompiles(String text) throws PolicyEvaluationException {
    compile(text);
  }

  private static CompiledPolicy compile(String text) throws PolicyEvaluationException {
    try {
      return Rego.compile(Objects.requireNonNull(text, "text"));
    } catch (RegoCompileException e) {
      throw new PolicyEvaluationException("policy does not compile: " + e.getMessage(), e);
    }
  }

  /** The {@code data} document of a plugin request (resource-policy.md §2.1). */
  public static ObjectNode requestData(
      String plugin, List<String> segments, Map<String, String> query) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("plugin", plugin);
    ArrayNode path = d.putArray("resource-path");
    segments.forEach(path::add);
    ObjectNode q = d.putObject("query");
    query.forEach(q::put);
    return d;
  }

  /** Evaluates {@code text} for a request; see the class comment for the decision rule. */
  public static PolicyDecision decide(String text, JsonNode claims, JsonNode requestData)
      throws PolicyEvaluationException {
    CompiledPolicy policy = compile(text);
    Map<String, JsonNode> consulted = new LinkedHashMap<>();
    EvalOptions options =
        EvalOptions.defaults()
            .withTimeout(BUDGET)
            .withRuleTrace(
                (rule, value) ->
                    consulted.put(rule, value == null ? NullNode.getInstance() : toJson(value)));
    RuleResult result;
    try {
      result =
          policy
              .evaluate(
                  Value.fromJson(claims.toString()),
                  Value.fromJson(requestData.toString()),
                  Map.of(),
                  List.of(RULE),
                  options)
              .get(RULE);
    } catch (RegoEvalException e) {
      throw new PolicyEvaluationException("policy evaluation failed: " + e.getMessage(), e);
    }
    consulted.put(RULE, result.value().map(ResourcePolicy::toJson).orElse(NullNode.getInstance()));
    return switch (result.status()) {
      case ABSENT -> new PolicyDecision(false, "the policy has no rule 'allow'", consulted);
      case UNDEFINED ->
          new PolicyDecision(false, "'allow' is undefined for this request", consulted);
      default ->
          result.isTrue()
              ? new PolicyDecision(true, "", consulted)
              : new PolicyDecision(false, "", consulted);
    };
  }

  private static JsonNode toJson(Value v) {
    if (v == null) {
      return null;
    }
    try {
      return JSON.readTree(v.toJson());
    } catch (IOException e) {
      throw new IllegalStateException("engine produced invalid JSON", e);
    }
  }
}
