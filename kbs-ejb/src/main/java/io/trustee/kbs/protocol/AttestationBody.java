package io.trustee.kbs.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.json.Json;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code POST /kbs/v0/attest} body, normalised over every protocol version of kbs-protocol.md
 * §12:
 *
 * <ul>
 *   <li>0.4.0: {@code {"init-data"?, "runtime-data": {"nonce", "tee-pubkey"}, "tee-evidence":
 *       {"primary_evidence", "additional_evidence"}}};
 *   <li>0.3.0: {@code {"tee-pubkey", "tee-evidence": {"primary_evidence", "additional_evidence"}}};
 *   <li>0.2.0, 0.1.1: {@code {"tee-pubkey", "tee-evidence": <evidence JSON>}};
 *   <li>0.1.0: {@code {"tee-pubkey", "tee-evidence": "<evidence JSON as a string>"}}.
 * </ul>
 *
 * <p>A string-valued {@code tee-evidence} is decoded as JSON text for 0.1.x and 0.2.0 (so both the
 * 0.1.0 and the 0.1.1 shape work whatever version string the guest sent). {@code
 * additional_evidence} defaults to {@code ""} when absent and must be a string. Only 0.4.0 carries
 * the nonce in the body ({@link #runtimeNonce()}); older guests bind to the session nonce.
 *
 * <p>Immutable: JSON trees are copied in and out.
 */
public record AttestationBody(
    ProtocolVersion version,
    Optional<InitData> initData,
    Optional<String> runtimeNonce,
    TeePublicKey teePubkey,
    JsonNode primaryEvidence,
    String additionalEvidence) {

  private static final ObjectMapper JSON = Json.mapper();

  public AttestationBody {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(initData, "initData");
    Objects.requireNonNull(runtimeNonce, "runtimeNonce");
    Objects.requireNonNull(teePubkey, "teePubkey");
    primaryEvidence = Objects.requireNonNull(primaryEvidence, "primaryEvidence").deepCopy();
    Objects.requireNonNull(additionalEvidence, "additionalEvidence");
  }

  @Override
  public JsonNode primaryEvidence() {
    return primaryEvidence.deepCopy();
  }

  /**
   * Parses the body with the rules of {@code version} (the version stored in the session at {@code
   * /auth}).
   *
   * @throws ProtocolException naming the first missing or ill-typed member
   */
  public static AttestationBody parse(JsonNode body, ProtocolVersion version)
      throws ProtocolException {
    Objects.requireNonNull(version, "version");
    if (body == null || !body.isObject()) {
      throw new ProtocolException("(body)", "must be a JSON object");
    }
    return switch (version) {
      case V0_4_0 -> parse040(body);
      case V0_3_0 -> {
        TeePublicKey key = TeePublicKey.parse(body.get("tee-pubkey"));
        JsonNode ev = member(body, "tee-evidence");
        yield new AttestationBody(
            version, Optional.empty(), Optional.empty(), key, primary(ev), additional(ev));
      }
      case V0_2_0, V0_1_1, V0_1_0 -> {
        TeePublicKey key = TeePublicKey.parse(body.get("tee-pubkey"));
        JsonNode ev = member(body, "tee-evidence");
        if (ev.isTextual()) {
          ev = decodeText("tee-evidence", ev.textValue());
        }
        yield new AttestationBody(version, Optional.empty(), Optional.empty(), key, ev, "");
      }
    };
  }

  private static AttestationBody parse040(JsonNode body) throws ProtocolException {
    Optional<InitData> init = InitData.parse(body.get("init-data"));
    JsonNode rd = body.get("runtime-data");
    if (rd == null || !rd.isObject()) {
      throw new ProtocolException("runtime-data", "missing or not an object");
    }
    JsonNode nonce = rd.get("nonce");
    if (nonce == null || !nonce.isTextual()) {
      throw new ProtocolException("runtime-data.nonce", "missing or not a string");
    }
    TeePublicKey key;
    try {
      key = TeePublicKey.parse(rd.get("tee-pubkey"));
    } catch (ProtocolException e) {
      throw new ProtocolException("runtime-data." + e.field(), e.getMessage(), e);
    }
    JsonNode ev = member(body, "tee-evidence");
    return new AttestationBody(
        ProtocolVersion.V0_4_0,
        init,
        Optional.of(nonce.textValue()),
        key,
        primary(ev),
        additional(ev));
  }

  private static JsonNode member(JsonNode body, String name) throws ProtocolException {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      throw new ProtocolException(name, "missing");
    }
    return v;
  }

  private static JsonNode primary(JsonNode ev) throws ProtocolException {
    if (!ev.isObject()) {
      throw new ProtocolException("tee-evidence", "must be an object");
    }
    JsonNode p = ev.get("primary_evidence");
    if (p == null) {
      throw new ProtocolException("tee-evidence.primary_evidence", "missing");
    }
    return p;
  }

  private static String additional(JsonNode ev) throws ProtocolException {
    JsonNode a = ev.get("additional_evidence");
    if (a == null || a.isNull()) {
      return "";
    }
    if (!a.isTextual()) {
      throw new ProtocolException("tee-evidence.additional_evidence", "must be a string");
    }
    return a.textValue();
  }

  private static JsonNode decodeText(String field, String text) throws ProtocolException {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(field, "string is not JSON text");
    }
  }

  /**
   * The additional (device) evidence as TEE name → evidence JSON, in the order sent; empty when
   * {@link #additionalEvidence()} is {@code ""}.
   *
   * @throws ProtocolException if the string is not the JSON text of an object
   */
  public Map<String, JsonNode> additionalEvidenceMap() throws ProtocolException {
    if (additionalEvidence.isEmpty()) {
      return Map.of();
    }
    JsonNode node = decodeText("tee-evidence.additional_evidence", additionalEvidence);
    if (!node.isObject()) {
      throw new ProtocolException("tee-evidence.additional_evidence", "must encode an object");
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Checks the echoed nonce against the session's challenge (0.4.0 only, constant time); older
   * versions carry no nonce in the body and are bound to the session nonce by the report data.
   *
   * @throws ProtocolException naming {@code runtime-data.nonce} on mismatch
   */
  public void checkNonce(Nonce sessionNonce) throws ProtocolException {
    Objects.requireNonNull(sessionNonce, "sessionNonce");
    if (runtimeNonce.isPresent() && !sessionNonce.matches(runtimeNonce.get())) {
      throw new ProtocolException("runtime-data.nonce", "does not match the challenge nonce");
    }
  }

  @Override
  public String toString() {
    return "AttestationBody[" + version + ", key " + teePubkey.alg() + "]";
  }
}
