package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What to call instead: the error details for the calls that the source document's readers type by
 * hand and that are not KBS protocol calls ({@code POST $KBS_URL/attestation -d
 * '{"tee":"azsnpvtpm"}'}, {@code GET $KBS_URL/resource/<ns>/<name>}, a mistyped {@code /kbs/v0/...}
 * path). Each detail names the right path and says that guests attest through their attestation
 * agent (AA) and confidential data hub (CDH), never by hand. Texts only (no request values are
 * echoed except cut, printable path segments). Stateless and thread-safe.
 */
public final class CallGuidance {
  /** The endpoints of this KBS under {@code /kbs/v0}, guests' first. */
  public static final List<String> KBS_ENDPOINTS =
      List.of(
          "POST /kbs/v0/auth",
          "POST /kbs/v0/attest",
          "GET /kbs/v0/resource/<repository>/<type>/<tag>",
          "admin: GET /kbs/v0/resource",
          "admin: POST|DELETE /kbs/v0/resource/<repository>/<type>/<tag>",
          "admin: GET|POST /kbs/v0/attestation-policy",
          "admin: GET|POST /kbs/v0/resource-policy, POST /kbs/v0/resource-policy/dry-run",
          "admin: GET|POST /kbs/v0/reference-value, POST /kbs/v0/reference-value/from-eventlog,"
              + " GET|DELETE /kbs/v0/reference-value/<name>",
          "admin: GET /kbs/v0/appraisal[/<id>[/promotion]]",
          "admin: GET /kbs/v0/token-keys, POST /kbs/v0/token-keys/rotate",
          "admin: GET /kbs/v0/kek, POST /kbs/v0/kek/rewrap");

  /** How a guest reaches a resource: the RCAR flow, run by the AA and the CDH. */
  public static final String GUEST_FLOW =
      "guests do not call the KBS by hand: the attestation agent (AA) and the confidential data"
          + " hub (CDH) in the pod VM run POST /kbs/v0/auth -> POST /kbs/v0/attest (evidence,"
          + " answered with an attestation token and a session cookie) -> GET"
          + " /kbs/v0/resource/<repository>/<type>/<tag> (with that cookie, or the token as"
          + " 'Authorization: Bearer'); a workload in the pod asks its CDH at"
          + " http://127.0.0.1:8006/cdh/resource/<repository>/<type>/<tag>, or names"
          + " kbs:///<repository>/<type>/<tag> in a sealed secret";

  private static final int MAX_ECHO = 128;

  private CallGuidance() {}

  /** The detail of the 404 for {@code /kbs/v0/<segment>...} that is no endpoint or plugin. */
  public static String unknownKbsPath(String segment) {
    return "plugin '"
        + printable(segment)
        + "' not found: there is no KBS endpoint /kbs/v0/"
        + printable(segment)
        + ". The KBS endpoints are: "
        + String.join("; ", KBS_ENDPOINTS)
        + ". "
        + GUEST_FLOW;
  }

  /** The detail of the 404 for any other unknown path, e.g. {@code /kbs/v0} or {@code /kbs}. */
  public static String unknownPath(String rawPath) {
    return "no endpoint at "
        + printable(rawPath)
        + ". The KBS protocol is under /kbs/v0: "
        + String.join("; ", KBS_ENDPOINTS)
        + "; the attestation-service API is POST /attestation (administrators). "
        + GUEST_FLOW;
  }

  /**
   * The detail of the 404 for {@code /resource/<rest>} (outside {@code /kbs/v0}), with or without a
   * token.
   *
   * @param rest the path after {@code /resource/} as received (encoded)
   */
  public static String resourceOutsideKbs(String rest) {
    String r = printable(rest.startsWith("/") ? rest.substring(1) : rest);
    long segments = r.isEmpty() ? 0 : r.split("/", -1).length;
    String shape =
        segments == 3
            ? ""
            : " (a resource path has exactly three segments <repository>/<type>/<tag>; the"
                + " repository is usually 'default', e.g. /kbs/v0/resource/default/<type>/<tag>)";
    return "/resource/"
        + r
        + " is not a KBS path: resources are served at /kbs/v0/resource/"
        + r
        + shape
        + ", and only to a guest that attested; a Bearer token for it is the attestation token"
        + " that POST /kbs/v0/attest returns (not an admin token); "
        + GUEST_FLOW;
  }

  /**
   * A detail for a {@code POST /attestation} body that is not an attestation-service request, e.g.
   * the source document's {@code {"tee":"azsnpvtpm"}}: empty when the body has {@code
   * verification_requests} (then the field-level error of the parser is the better answer).
   */
  public static Optional<String> attestationApiBody(JsonNode body) {
    if (body != null && body.isObject() && body.has("verification_requests")) {
      return Optional.empty();
    }
    return Optional.of(
        "POST /attestation is the attestation-service API: it takes"
            + " {\"verification_requests\": [{\"tee\": \"az-snp-vtpm\", \"evidence\":"
            + " \"<base64url of the evidence JSON>\", \"runtime_data\": {...}, \"init_data\":"
            + " {...}}], \"policy_ids\": []} from an administrator or a relying party with"
            + " evidence in hand, and answers with an EAR token; a body such as"
            + " {\"tee\":\"azsnpvtpm\"} carries no evidence and cannot be appraised. To attest"
            + " a guest, "
            + GUEST_FLOW);
  }

  /**
   * A hint to add to an admin-authentication refusal of {@code rawPath}, for the AS API paths that
   * the source document has readers call without credentials.
   */
  public static Optional<String> adminRefusalHint(String rawPath) {
    if ("/attestation".equals(rawPath) || "/challenge".equals(rawPath)) {
      return Optional.of(
          rawPath
              + " is the attestation-service API for administrators (admin token, or"
              + " kbs.as-api.public=true); "
              + GUEST_FLOW);
    }
    return Optional.empty();
  }

  /** At most {@value #MAX_ECHO} characters, non-printable ASCII replaced by {@code ?}. */
  static String printable(String s) {
    String t = s.length() > MAX_ECHO ? s.substring(0, MAX_ECHO) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
