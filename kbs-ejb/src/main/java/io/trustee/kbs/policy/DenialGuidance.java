package io.trustee.kbs.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a guest's operator should do next after a resource-policy refusal, in words for the {@code
 * PolicyDeny} detail (issue #15 §3). Built only from what the detail already shows — the token's
 * claims, the public summary of its appraisal (names of checks and reference values, never their
 * values) and the appraisal's record id — so it reveals no secret and no reference value:
 *
 * <ul>
 *   <li>the built-in default resource policy and a {@code sample} attester: that policy never
 *       releases to the sample TEE (a lab needs its own policy; README "Try it");
 *   <li>reference values the attestation policy queried but that are not registered: their names,
 *       and the commands that register them ({@code kbs-client promote <id>} for the guest's
 *       observed measurement and PCRs after review, {@code kbs-client register-rv} for the rest);
 *   <li>checks that failed: the command that shows expected and observed values side by side
 *       ({@code kbs-client appraisal <id>}).
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class DenialGuidance {
  /** The sentence for the sample TEE under the built-in default policy. */
  public static final String SAMPLE_UNDER_DEFAULT_POLICY =
      "the default resource policy does not release secrets to the sample TEE; see README 'Try it'";

  private DenialGuidance() {}

  /**
   * The guidance, as {@code "; <sentence>"} parts to append to the refusal detail, or empty.
   *
   * @param builtInDefaultPolicy whether the resource policy in force is the built-in default
   * @param claims the verified token's claims (EAR payload)
   * @param publicSummary the appraisal's {@code public_summary} ({@code {"submods": {name:
   *     {"failed_checks": [...], "missing_reference_values": [...]}}}}), or null when none is
   *     recorded
   * @param appraisalId the appraisal record's id, or null when none is recorded
   */
  public static String of(
      boolean builtInDefaultPolicy, JsonNode claims, JsonNode publicSummary, Long appraisalId) {
    if (builtInDefaultPolicy && hasSampleSubmodule(claims)) {
      return "; " + SAMPLE_UNDER_DEFAULT_POLICY;
    }
    if (publicSummary == null || appraisalId == null) {
      return "";
    }
    Set<String> missing = new LinkedHashSet<>();
    boolean failed = false;
    for (Iterator<JsonNode> it = publicSummary.path("submods").elements(); it.hasNext(); ) {
      JsonNode sub = it.next();
      sub.path("missing_reference_values").forEach(n -> missing.add(n.asText()));
      failed |= sub.path("failed_checks").size() > 0;
    }
    StringBuilder sb = new StringBuilder();
    if (!missing.isEmpty()) {
      sb.append("; reference values not registered: ")
          .append(String.join(", ", missing))
          .append(" (an administrator registers this guest's measurement and PCRs after review")
          .append(" with `kbs-client promote ")
          .append(appraisalId)
          .append("`, other values with `kbs-client register-rv`)");
    }
    if (failed) {
      sb.append("; expected and observed values: `kbs-client appraisal ")
          .append(appraisalId)
          .append('`');
    }
    return sb.toString();
  }

  /** Whether any submodule of the claims comes from the {@code sample} attester. */
  static boolean hasSampleSubmodule(JsonNode claims) {
    if (claims == null) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = claims.path("submods").fields();
        it.hasNext(); ) {
      if (it.next().getValue().path("ear.veraison.annotated-evidence").has("sample")) {
        return true;
      }
    }
    return false;
  }
}
