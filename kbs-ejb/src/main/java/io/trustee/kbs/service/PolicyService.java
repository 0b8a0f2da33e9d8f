package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.as.PolicyEvaluationException;
import io.trustee.kbs.json.Json;
import io.trustee.kbs.policy.PolicyDecision;
import io.trustee.kbs.policy.ResourcePolicy;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.service.KbsException.Refusal;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.util.Base64Url;
import io.trustee.kbs.util.Utf8;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * Administration of the resource policy (kbs-protocol.md §9.2–9.3) and of attestation policies
 * (§9.1). A policy that does not compile is refused with 400 and the compile error (line, column),
 * and the stored policy stays as it was; a malformed request is 401 {@code ParsePolicyError} as
 * upstream. Changes take effect on the next request, without a restart. While a resource policy
 * file is configured, the file is the source of truth and a change through the API is refused with
 * 409 naming the file (see {@link io.trustee.kbs.policy.ResourcePolicyFile}).
 */
@Stateless
public class PolicyService {
  private static final Logger LOG = Logger.getLogger(PolicyService.class.getName());
  private static final ObjectMapper JSON = Json.mapper();

  @Inject PolicyTextRepository policies;
  @Inject ResourcePolicyEngine resourcePolicy;
  @Inject Clock clock;
  @Inject KbsSettings settings;
  @Inject MountedFiles mounted;
  @Inject AuditScope audit;

  public void setResourcePolicy(byte[] body) {
    settings
        .resourcePolicyFile()
        .ifPresent(
            f -> {
              throw new KbsException(
                  KbsError.PolicyEngineError,
                  Refusal.CONFLICT,
                  "the resource policy is managed by"
                      + " the file "
                      + f
                      + " (kbs.resource.policy-file / [policy_engine] policy_path): change"
                      + " the file; it is re-imported within 15 s");
            });
    JsonNode req = parse(body, KbsError.ParsePolicyError);
    String text = decodePolicy(req.get("policy"), KbsError.ParsePolicyError);
    requireCompiles(text);
    policies.store(PolicyKind.RESOURCE, ResourcePolicyEngine.POLICY_ID, text, clock.instant());
    LOG.info(() -> "admin: resource policy replaced (" + text.length() + " characters)");
  }

  /**
   * Parses the dry-run request body and runs {@link ResourcePolicyEngine#dryRun}: {@code allowed},
   * {@code reason} and the value of every rule consulted. Nothing is changed.
   */
  public ObjectNode dryRun(byte[] body) {
    JsonNode req = parse(body, KbsError.ParsePolicyError);
    JsonNode claims = req.get("claims");
    if (claims == null || !claims.isObject()) {
      throw new KbsException(
          KbsError.ParsePolicyError, Refusal.INVALID_INPUT, "'claims' must be a JSON object");
    }
    JsonNode path = req.get("resource-path");
    List<String> segments;
    if (path != null && path.isTextual()) {
      segments = List.of(path.textValue().split("/", -1));
    } else if (path != null && path.isArray()) {
      segments = new java.util.ArrayList<>();
      path.forEach(p -> segments.add(p.asText()));
    } else {
      throw new KbsException(
          KbsError.ParsePolicyError,
          Refusal.INVALID_INPUT,
          "'resource-path' must be \"repo/type/tag\" or an array");
    }
    java.util.Map<String, String> query = new java.util.LinkedHashMap<>();
    req.path("query").fields().forEachRemaining(e -> query.put(e.getKey(), e.getValue().asText()));
    String text = null;
    if (req.hasNonNull("policy")) {
      text = decodePolicy(req.get("policy"), KbsError.ParsePolicyError);
      requireCompiles(text);
    }
    return toJson(resourcePolicy.dryRun(text, claims, segments, query));
  }

  private static ObjectNode toJson(PolicyDecision d) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("allowed", d.allowed());
    o.put("reason", d.reason());
    ObjectNode rules = o.putObject("rules");
    d.consultedRules().forEach(rules::set);
    return o;
  }

  public List<String> resourcePolicyIds() {
    return List.of(ResourcePolicyEngine.POLICY_ID);
  }

  public String resourcePolicyText() {
    return resourcePolicy.currentText();
  }

  public void setAttestationPolicy(byte[] body) {
    JsonNode req = parse(body, KbsError.AttestationError);
    JsonNode id = req.get("policy_id");
    if (id == null || !id.isTextual() || !id.textValue().matches("[A-Za-z0-9_.-]{1,128}")) {
      throw new KbsException(
          KbsError.AttestationError, "policy_id must be a string of 1-128 [A-Za-z0-9_.-]");
    }
    audit.target(id.textValue());
    mounted
        .attestationPolicyOwner(id.textValue())
        .ifPresent(
            dir -> {
              throw new KbsException(
                  KbsError.PolicyEngineError,
                  Refusal.CONFLICT,
                  "attestation policy "
                      + id.textValue()
                      + " is managed by the directory "
                      + dir
                      + " (kbs.as.policy-dir / the attestation-policy ConfigMap): change the file "
                      + id.textValue()
                      + ".rego there; it is re-imported within 15 s");
            });
    String text = decodePolicy(req.get("policy"), KbsError.AttestationError);
    requireCompiles(text);
    policies.store(PolicyKind.ATTESTATION, id.textValue(), text, clock.instant());
    LOG.info(() -> "admin: attestation policy " + id.textValue() + " stored");
  }

  public String attestationPolicyText(String id) {
    return policies
        .find(PolicyKind.ATTESTATION, id)
        .map(io.trustee.kbs.store.StoredPolicy::text)
        .orElseThrow(
            () ->
                new KbsException(KbsError.PolicyEngineError, Refusal.NOT_FOUND, "no policy " + id));
  }

  public List<String> attestationPolicyIds() {
    return policies.ids(PolicyKind.ATTESTATION);
  }

  private static void requireCompiles(String text) {
    try {
      ResourcePolicy.requireCompiles(text);
    } catch (PolicyEvaluationException e) {
      throw new KbsException(KbsError.PolicyEngineError, Refusal.INVALID_INPUT, e.getMessage());
    }
  }

  private static JsonNode parse(byte[] body, KbsError error) {
    try {
      JsonNode n = body == null || body.length == 0 ? null : JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new KbsException(error, "request body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new KbsException(error, "request body is not valid JSON");
    }
  }

  /** Strict base64url without padding, then strict UTF-8 (upstream rejects both otherwise). */
  static String decodePolicy(JsonNode policy, KbsError error) {
    if (policy == null || !policy.isTextual()) {
      throw new KbsException(error, "member 'policy' (base64url string) is missing");
    }
    String b64 = policy.textValue();
    byte[] bytes;
    try {
      bytes = Base64Url.decodeStrict(b64);
    } catch (IllegalArgumentException e) {
      throw new KbsException(
          error,
          Base64Url.PADDED.equals(e.getMessage())
              ? "'policy' must be base64url without padding"
              : "'policy' is not valid base64url");
    }
    try {
      return Utf8.decodeStrict(bytes);
    } catch (IllegalArgumentException e) {
      throw new KbsException(error, "'policy' is not UTF-8 text");
    }
  }
}
