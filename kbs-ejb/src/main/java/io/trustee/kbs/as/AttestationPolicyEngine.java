package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates an attestation (EAR) policy. The integrator implements this on the Rego engine; the
 * engine must offer the custom built-in {@code query_reference_value(id)} answered by {@code
 * lookup}, and evaluate (there is no {@code data} document):
 *
 * <ul>
 *   <li>{@code data.policy.trust_claims}: empty {@link PolicyVerdict#trustClaims()} when the module
 *       has no such rule; an object of claim name → integer otherwise. A rule that exists but is
 *       undefined, or a non-object, non-integer or out-of-{@code int} value, is a {@link
 *       PolicyEvaluationException};
 *   <li>{@code data.policy.extensions}: optional array of {@code {name, key, value}}; undefined →
 *       no extensions;
 *   <li>any other rules the engine can report cheaply (e.g. {@code executables}, {@code hardware},
 *       {@code configuration}) into {@link PolicyVerdict#ruleValues()} — used only for the "why
 *       denied" record.
 * </ul>
 *
 * Implementations must be thread-safe (one evaluation per call, no state across calls).
 */
public interface AttestationPolicyEngine {
  PolicyVerdict evaluate(String policyText, JsonNode input, ReferenceValueLookup lookup)
      throws PolicyEvaluationException;
}
