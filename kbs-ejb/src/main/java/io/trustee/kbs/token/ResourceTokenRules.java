package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which verified attestation tokens may open secrets at the resource endpoint. A valid signature
 * only says that some trusted attestation service appraised the guest; these rules say it was
 * appraised the way the KBS means:
 *
 * <ol>
 *   <li><b>Appraisal policy.</b> Every submodule of the EAR token ({@code submods.*}) must name an
 *       {@code ear.appraisal-policy-id} in the trusted set ({@code
 *       kbs.resource.trusted-policy-ids}, default {@code default}, the policy the KBS's own {@code
 *       /attest} uses). A token without EAR submodules is refused. Without this, a guest could ask
 *       the standalone AS API ({@code POST /attestation}, whose caller chooses {@code policy_ids})
 *       for an appraisal under a laxer policy and present that token as Bearer. The single entry
 *       {@code *} turns the check off (for an external attestation service whose tokens carry no
 *       EAR policy id); it is warned at start.
 *   <li><b>Issuer of the AS API.</b> Tokens of the standalone AS API carry their own {@code iss}
 *       ({@code kbs.as-api.issuer}); they are refused unless {@code
 *       kbs.resource.accept-as-api-tokens} is set, because the AS API has no KBS challenge (the
 *       caller chooses the runtime data, so the evidence may be old). Even then rule 1 applies.
 *   <li><b>Our own key, our own issuer.</b> A token verified by this server's own signing key must
 *       carry the issuer of the KBS's {@code /attest} tokens (or, when accepted, the AS API's), so
 *       a token minted by some other path of ours is not mistaken for an RCAR token. Foreign tokens
 *       (external AS, trusted through {@code kbs.token.trusted-certs} / {@code trusted-jwk-sets})
 *       keep upstream's rule: their {@code iss} is not checked.
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
public final class ResourceTokenRules {
  /** The entry of {@link #trustedPolicyIds()} that disables the policy-id check. */
  public static final String ANY_POLICY = "*";

  private final Set<String> trustedPolicyIds;
  private final String kbsIssuer;
  private final String asApiIssuer;
  private final boolean acceptAsApiTokens;

  /**
   * @param trustedPolicyIds EAR appraisal policy ids whose tokens may open secrets; non-empty
   * @param kbsIssuer the {@code iss} of the tokens the KBS mints at {@code /attest}
   * @param asApiIssuer the {@code iss} of the tokens of {@code POST /attestation}; must differ
   * @param acceptAsApiTokens whether AS-API tokens may open secrets (policy ids still apply)
   * @throws IllegalArgumentException if the set is empty or blank, or the issuers are equal (fail
   *     closed: AS-API tokens would be indistinguishable)
   */
  public ResourceTokenRules(
      Set<String> trustedPolicyIds,
      String kbsIssuer,
      String asApiIssuer,
      boolean acceptAsApiTokens) {
    this.trustedPolicyIds = Set.copyOf(trustedPolicyIds);
    this.kbsIssuer = Objects.requireNonNull(kbsIssuer, "kbsIssuer");
    this.asApiIssuer = Objects.requireNonNull(asApiIssuer, "asApiIssuer");
    this.acceptAsApiTokens = acceptAsApiTokens;
    if (this.trustedPolicyIds.isEmpty()
        || this.trustedPolicyIds.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "kbs.resource.trusted-policy-ids must name at least one policy id");
    }
    if (kbsIssuer.isBlank() || asApiIssuer.isBlank() || kbsIssuer.equals(asApiIssuer)) {
      throw new IllegalArgumentException(
          "kbs.as-api.issuer must be non-blank and differ from the KBS issuer " + kbsIssuer);
    }
  }

  public Set<String> trustedPolicyIds() {
    return trustedPolicyIds;
  }

  /** Whether the policy-id check is off ({@code *}). */
  public boolean anyPolicy() {
    return trustedPolicyIds.contains(ANY_POLICY);
  }

  public boolean acceptAsApiTokens() {
    return acceptAsApiTokens;
  }

  /**
   * Applies the rules to a verified token.
   *
   * @throws TokenVerificationException with reason {@code untrusted issuer} or {@code untrusted
   *     policy}, naming the issuer or policy id (never the token)
   */
  public void check(VerifiedToken token) throws TokenVerificationException {
    ObjectNode claims = token.claims();
    JsonNode issNode = claims.get("iss");
    String iss = issNode != null && issNode.isTextual() ? issNode.textValue() : null;
    if (asApiIssuer.equals(iss) && !acceptAsApiTokens) {
      throw new TokenVerificationException(
          "untrusted issuer",
          "tokens of the attestation API (iss "
              + asApiIssuer
              + ") do not open resources "
              + "(kbs.resource.accept-as-api-tokens)");
    }
    if (token.ownKey() && !kbsIssuer.equals(iss) && !asApiIssuer.equals(iss)) {
      throw new TokenVerificationException(
          "untrusted issuer", "token signed by this KBS with unexpected iss " + shown(iss));
    }
    if (anyPolicy()) {
      return;
    }
    JsonNode submods = claims.get("submods");
    if (submods == null || !submods.isObject() || submods.isEmpty()) {
      throw new TokenVerificationException(
          "untrusted policy", "not an EAR token: no submods with an appraisal policy id");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = submods.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> sub = it.next();
      JsonNode id = sub.getValue().get("ear.appraisal-policy-id");
      if (id == null || !id.isTextual()) {
        throw new TokenVerificationException(
            "untrusted policy", "submodule " + shown(sub.getKey()) + " has no appraisal policy id");
      }
      if (!trustedPolicyIds.contains(id.textValue())) {
        throw new TokenVerificationException(
            "untrusted policy",
            "submodule "
                + shown(sub.getKey())
                + " was appraised by policy "
                + shown(id.textValue())
                + ", not one of kbs.resource.trusted-policy-ids "
                + trustedPolicyIds);
      }
    }
  }

  /** Token-supplied strings in messages are bounded (they reach logs and response bodies). */
  private static String shown(String s) {
    if (s == null) {
      return "(none)";
    }
    String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return "'" + t.replaceAll("[\\p{Cntrl}]", "?") + "'";
  }

  @Override
  public String toString() {
    return "ResourceTokenRules[policies="
        + trustedPolicyIds
        + ", kbsIssuer="
        + kbsIssuer
        + ", asApiIssuer="
        + asApiIssuer
        + ", acceptAsApiTokens="
        + acceptAsApiTokens
        + "]";
  }
}
