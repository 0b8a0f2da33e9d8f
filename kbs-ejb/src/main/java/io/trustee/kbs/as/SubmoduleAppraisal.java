package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The appraisal of one attester (EAR submodule {@code cpu0}, {@code gpu0}, …): the policy used, the
 * trust vector, the policy input (annotated evidence), the extensions, the other rule values the
 * engine reported, and every reference-value comparison. Immutable.
 */
public record SubmoduleAppraisal(
    String name,
    String tee,
    String policyId,
    TrustVector trustVector,
    JsonNode annotatedEvidence,
    List<Extension> extensions,
    Map<String, JsonNode> ruleValues,
    List<ReferenceValueCheck> checks) {

  public SubmoduleAppraisal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tee, "tee");
    Objects.requireNonNull(policyId, "policyId");
    Objects.requireNonNull(trustVector, "trustVector");
    annotatedEvidence = annotatedEvidence.deepCopy();
    extensions = List.copyOf(extensions);
    Map<String, JsonNode> rv = new LinkedHashMap<>();
    ruleValues.forEach((k, v) -> rv.put(k, v.deepCopy()));
    ruleValues = Collections.unmodifiableMap(rv);
    checks = List.copyOf(checks);
  }

  @Override
  public JsonNode annotatedEvidence() {
    return annotatedEvidence.deepCopy();
  }

  public TrustTier status() {
    return trustVector.status();
  }

  /** Checks the policy queried that failed (mismatch or expired): the reasons the policy saw. */
  public List<ReferenceValueCheck> failedChecks() {
    return checks.stream().filter(c -> c.queriedByPolicy() && c.failed()).toList();
  }

  /**
   * Names the policy queried that are not registered — reported only when the submodule is not
   * affirming (otherwise they were optional, e.g. PCRs without registered values).
   */
  public List<String> missingReferenceValues() {
    if (status() == TrustTier.AFFIRMING) {
      return List.of();
    }
    return checks.stream()
        .filter(c -> c.queriedByPolicy() && c.missing())
        .map(ReferenceValueCheck::referenceValue)
        .toList();
  }

  /** Claims that are not affirming, with their tiers (claim → tier word). */
  public Map<String, String> nonAffirmingClaims() {
    Map<String, String> out = new LinkedHashMap<>();
    trustVector
        .claims()
        .forEach(
            (c, v) -> {
              TrustTier t = TrustTier.of(v);
              if (t != TrustTier.AFFIRMING && t != TrustTier.NONE) {
                out.put(c, t.word());
              }
            });
    return out;
  }

  /** Public form: status, non-affirming claims and failed checks, no values. */
  ObjectNode publicSummary() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("ear.status", status().word());
    ObjectNode claims = o.putObject("claims");
    nonAffirmingClaims().forEach(claims::put);
    var failed = o.putArray("failed_checks");
    failedChecks().forEach(c -> failed.add(c.publicDescription()));
    var missing = o.putArray("missing_reference_values");
    missingReferenceValues().forEach(missing::add);
    return o;
  }

  /** Full form for administrators. */
  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("tee", tee);
    o.put("policy_id", policyId);
    o.put("ear.status", status().word());
    ObjectNode tv = o.putObject("trust_vector");
    trustVector
        .claims()
        .forEach((c, v) -> tv.putObject(c).put("value", v).put("tier", TrustTier.of(v).word()));
    ObjectNode rules = o.putObject("rule_values");
    ruleValues.forEach(rules::set);
    var arr = o.putArray("reference_value_checks");
    checks.forEach(c -> arr.add(c.toJson().put("description", c.describe())));
    return o;
  }
}
