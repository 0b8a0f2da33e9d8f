package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trustee.kbs.attestation.spi.ClaimComparison;
import io.trustee.kbs.rvps.ReferenceValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a failed appraisal into proposed reference values for an administrator to review and apply
 * ({@code ReferenceValueService.storeUnsigned}, refused while signed provenance is required). Only
 * launch measurements and PCRs are proposed (never TCB or configuration values, which must not be
 * widened by accident):
 *
 * <ul>
 *   <li>a registered value that did not match, or that has expired: the observed claim value is
 *       added to the registered array (an expired one is thereby renewed);
 *   <li>a value the policy queried that is not registered: a new array with the observed value —
 *       only when the submodule's {@code executables} claim is not affirming (otherwise the value
 *       was optional and did not matter).
 * </ul>
 *
 * Expiry of the proposals: creation + 12 months. Nothing is stored here. Stateless and thread-safe.
 */
public final class ReferenceValuePromoter {
  private ReferenceValuePromoter() {}

  public static List<ReferenceValue> promote(AppraisalRecord record, Instant now) {
    Map<String, ArrayNode> merged = new LinkedHashMap<>();
    for (SubmoduleAppraisal s : record.submodules()) {
      Integer executables = s.trustVector().claims().get("executables");
      boolean executablesAffirming =
          executables != null && TrustTier.of(executables) == TrustTier.AFFIRMING;
      for (ReferenceValueCheck c : s.checks()) {
        boolean wanted = c.failed() || c.missing() && c.queriedByPolicy() && !executablesAffirming;
        if (!wanted
            || c.observed().isEmpty()
            || c.mapping().isEmpty()
            || !c.mapping().get().measurement()
            || c.mapping().get().comparison() != ClaimComparison.MEMBER) {
          continue;
        }
        ArrayNode arr =
            merged.computeIfAbsent(
                c.referenceValue(),
                n -> {
                  ArrayNode a = JsonNodeFactory.instance.arrayNode();
                  c.registered().filter(JsonNode::isArray).ifPresent(r -> r.forEach(a::add));
                  return a;
                });
        JsonNode observed = c.observed().get();
        boolean present = false;
        for (JsonNode e : arr) {
          present |= e.equals(observed);
        }
        if (!present) {
          arr.add(observed);
        }
      }
    }
    List<ReferenceValue> out = new ArrayList<>();
    merged.forEach((name, value) -> out.add(ReferenceValue.withDefaultExpiry(name, value, now)));
    return out;
  }
}
