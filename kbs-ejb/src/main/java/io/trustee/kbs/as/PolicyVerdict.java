package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the policy engine reports for one evaluation. Immutable.
 *
 * @param trustClaims the {@code trust_claims} object; empty means the rule is absent from the
 *     module (all claims then become 0, status {@code none})
 * @param extensions the {@code extensions} entries, in order
 * @param ruleValues other rule values for diagnostics (rule name → JSON value)
 */
public record PolicyVerdict(
    Optional<Map<String, Integer>> trustClaims,
    List<Extension> extensions,
    Map<String, JsonNode> ruleValues) {
  public PolicyVerdict {
    trustClaims =
        trustClaims == null
            ? Optional.empty()
            : trustClaims.map(m -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m)));
    extensions = List.copyOf(extensions);
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    ruleValues.forEach((k, v) -> copy.put(k, v.deepCopy()));
    ruleValues = java.util.Collections.unmodifiableMap(copy);
  }
}
