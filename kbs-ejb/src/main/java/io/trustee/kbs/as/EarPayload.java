package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * Assembles the EAR token payload ({@code attestation-service.md} §5.2, §5.4): {@code eat_profile},
 * {@code iat}, {@code ear.verifier-id}, {@code submods}, {@code exp} = iat + 60 × duration_min,
 * {@code iss}; per submodule {@code ear.status}, {@code ear.trustworthiness-vector} (set claims
 * only), {@code ear.appraisal-policy-id}, {@code ear.veraison.annotated-evidence} (omitted if
 * empty) and the extensions under their names. No {@code nbf}, {@code aud}, {@code jti}. Stateless
 * and thread-safe.
 */
public final class EarPayload {
  private EarPayload() {}

  public static ObjectNode build(
      EarConfig config,
      Instant now,
      String appraisalPolicyId,
      List<SubmoduleAppraisal> submodules) {
    long iat = now.getEpochSecond();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("eat_profile", config.profile());
    o.put("iat", iat);
    o.putObject("ear.verifier-id")
        .put("build", config.build())
        .put("developer", config.developer());
    ObjectNode subs = o.putObject("submods");
    for (SubmoduleAppraisal s : submodules) {
      ObjectNode sub = subs.putObject(s.name());
      sub.put("ear.status", s.status().word());
      sub.set("ear.trustworthiness-vector", s.trustVector().toJson());
      sub.put("ear.appraisal-policy-id", appraisalPolicyId);
      if (!s.annotatedEvidence().isEmpty()) {
        sub.set("ear.veraison.annotated-evidence", s.annotatedEvidence());
      }
      for (Extension e : s.extensions()) {
        sub.set(e.name(), e.value());
      }
    }
    o.put("exp", iat + 60L * config.durationMin());
    o.put("iss", config.issuer());
    return o;
  }
}
