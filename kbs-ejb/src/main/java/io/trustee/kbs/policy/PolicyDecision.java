package io.trustee.kbs.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The outcome of a resource-policy evaluation: allowed or not, why (in words safe to return to the
 * client), and the value of every rule the evaluation consulted (for the admin dry run).
 */
public record PolicyDecision(boolean allowed, String reason, Map<String, JsonNode> consultedRules) {
  public PolicyDecision {
    consultedRules = Map.copyOf(consultedRules);
  }

  /** {@code ": <reason>"} or empty, to append to a refusal message. */
  public String reasonSuffix() {
    return reason == null || reason.isEmpty() ? "" : ": " + reason;
  }
}
