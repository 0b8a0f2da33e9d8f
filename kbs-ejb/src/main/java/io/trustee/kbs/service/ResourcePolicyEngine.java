package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.as.DefaultPolicies;
import io.trustee.kbs.as.PolicyEvaluationException;
import io.trustee.kbs.policy.PolicyDecision;
import io.trustee.kbs.policy.ResourcePolicy;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.StoredPolicy;
import io.trustee.kbs.util.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Decides resource requests with the stored resource policy (id {@code resource-policy}), read from
 * the database on every request so that a new policy takes effect at once on every replica (the
 * compiled form is cached by the engine by text hash). Evaluation errors become 401 {@code
 * PolicyEngineError}, as upstream.
 */
@ApplicationScoped
public class ResourcePolicyEngine {
  private static final Logger LOG = Logger.getLogger(ResourcePolicyEngine.class.getName());
  public static final String POLICY_ID = "resource-policy";

  @Inject PolicyTextRepository policies;

  /** The stored policy text, or the built-in default when none was ever stored. */
  public String currentText() {
    return policies
        .find(PolicyKind.RESOURCE, POLICY_ID)
        .map(StoredPolicy::text)
        .orElseGet(() -> DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT));
  }

  /** Whether the policy in force is the built-in default (none stored, or the same text). */
  public boolean isBuiltInDefault() {
    return currentText().equals(DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT));
  }

  public PolicyDecision decide(JsonNode claims, List<String> segments, Map<String, String> query) {
    return evaluate(currentText(), claims, ResourcePolicy.requestData("resource", segments, query));
  }

  /**
   * The administrator's dry run: evaluates {@code policyText} (the stored policy when null) against
   * the given claims and resource request. The decision carries the value of every rule the
   * evaluation consulted. Nothing is stored or changed.
   */
  public PolicyDecision dryRun(
      String policyText, JsonNode claims, List<String> segments, Map<String, String> query) {
    String text = policyText == null ? currentText() : policyText;
    return evaluate(text, claims, ResourcePolicy.requestData("resource", segments, query));
  }

  /** Evaluates a given policy text (the stored one, or one under test in a dry run). */
  public PolicyDecision evaluate(String text, JsonNode claims, JsonNode requestData) {
    try {
      return ResourcePolicy.decide(text, claims, requestData);
    } catch (PolicyEvaluationException e) {
      LOG.warning(() -> "resource policy error: " + LogSafe.escape(e.getMessage(), 1024));
      throw new KbsException(KbsError.PolicyEngineError, e.getMessage());
    }
  }
}
