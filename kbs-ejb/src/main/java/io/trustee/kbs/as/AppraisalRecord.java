package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.rvps.ReferenceValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * "Why denied": what one attestation was appraised against. Produced for every appraisal (also
 * successful ones).
 *
 * <ul>
 *   <li>{@link #publicSummary()} — safe for the KBS's 401 body: per submodule the status, the
 *       non-affirming claims, the failed checks by claim and reference-value name and the names of
 *       missing reference values, without any observed or registered value;
 *   <li>{@link #toJson()} — the full form for the admin API: trust vector values and tiers, rule
 *       values, and every comparison with observed and registered values;
 *   <li>{@link #describeFailures()} — one line per failed comparison (mismatch or expired; also
 *       those the policy did not reach), e.g. {@code az-snp-vtpm.tpm.pcr11: got "5d3a…", registered
 *       ["9f1c…","77ab…"] (snp_pcr11, no match)}.
 * </ul>
 *
 * Immutable.
 */
public record AppraisalRecord(
    String appraisalPolicyId, Instant time, List<SubmoduleAppraisal> submodules) {

  public AppraisalRecord {
    Objects.requireNonNull(appraisalPolicyId, "appraisalPolicyId");
    Objects.requireNonNull(time, "time");
    submodules = List.copyOf(submodules);
  }

  /** True when every submodule's status is {@code affirming}. */
  public boolean affirming() {
    return !submodules.isEmpty()
        && submodules.stream().allMatch(s -> s.status() == TrustTier.AFFIRMING);
  }

  public ObjectNode publicSummary() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ObjectNode subs = o.putObject("submods");
    submodules.forEach(s -> subs.set(s.name(), s.publicSummary()));
    return o;
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("appraisal_policy_id", appraisalPolicyId);
    o.put("time", ReferenceValue.formatExpiration(time));
    ObjectNode subs = o.putObject("submods");
    submodules.forEach(s -> subs.set(s.name(), s.toJson()));
    return o;
  }

  public List<String> describeFailures() {
    List<String> out = new ArrayList<>();
    for (SubmoduleAppraisal s : submodules) {
      for (ReferenceValueCheck c : s.checks()) {
        if (c.failed()) {
          out.add(
              s.name()
                  + ": "
                  + c.describe()
                  + (c.queriedByPolicy() ? "" : " [not reached by the policy]"));
        }
      }
    }
    return out;
  }
}
