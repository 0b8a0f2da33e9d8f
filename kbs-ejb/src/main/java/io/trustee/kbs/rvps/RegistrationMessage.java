package io.trustee.kbs.rvps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.json.Jcs;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The registration message (spec {@code rvps.md} §2), extended with optional signed provenance:
 *
 * <pre>
 * { "version": "0.1.0", "type": "sample" | "swid" | "runbook", "payload": "&lt;base64&gt;",
 *   "signature": "&lt;compact JWS, detached payload&gt;" }
 * </pre>
 *
 * <p><b>Signature format.</b> {@code signature} is a JWS in compact serialisation with a detached
 * payload (RFC 7515 Appendix F): {@code BASE64URL(header) + ".." + BASE64URL(signature)}. The JWS
 * payload that was signed is the UTF-8 of the RFC 8785 (JCS) canonical form of the message
 * <em>without</em> {@code signature}, with {@code version} filled in (so all three members are
 * bound, not just the payload):
 *
 * <pre>
 * {"payload":"&lt;payload as sent&gt;","type":"&lt;type&gt;","version":"0.1.0"}
 * </pre>
 *
 * The protected header must name {@code alg} (checked against the key type and configuration, see
 * {@link ProvenanceVerifier}); it may carry {@code kid} and {@code typ}; {@code b64: false} and
 * {@code crit} are refused. See {@link #signingInput()}.
 *
 * <p>Immutable and thread-safe.
 */
public record RegistrationMessage(
    String version, String type, String payload, Optional<String> signature) {
  private static final Set<String> MEMBERS = Set.of("version", "type", "payload", "signature");

  public RegistrationMessage {
    version = version == null ? ReferenceValue.DEFAULT_VERSION : version;
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    signature = signature == null ? Optional.empty() : signature;
  }

  /**
   * Reads a message object.
   *
   * @throws InvalidReferenceValueException naming the field: unknown member, {@code version} other
   *     than 0.1.0 ("version unmatched"), missing or non-string {@code type}/{@code payload}/{@code
   *     signature}
   */
  public static RegistrationMessage fromJson(JsonNode json) throws InvalidReferenceValueException {
    if (json == null || !json.isObject()) {
      throw new InvalidReferenceValueException("$", "a registration message must be a JSON object");
    }
    var names = json.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!MEMBERS.contains(n)) {
        throw new InvalidReferenceValueException(
            n,
            "unknown member of a registration message"
                + ("provenance".equals(n) ? " (upstream README name; use \"payload\")" : ""));
      }
    }
    String version = optionalText(json, "version");
    if (version != null && !ReferenceValue.DEFAULT_VERSION.equals(version)) {
      throw new InvalidReferenceValueException(
          "version",
          "version unmatched: "
              + version
              + " (only "
              + ReferenceValue.DEFAULT_VERSION
              + " is supported)");
    }
    String type = optionalText(json, "type");
    if (type == null) {
      throw new InvalidReferenceValueException("type", "missing");
    }
    String payload = optionalText(json, "payload");
    if (payload == null) {
      throw new InvalidReferenceValueException("payload", "missing");
    }
    return new RegistrationMessage(
        version, type, payload, Optional.ofNullable(optionalText(json, "signature")));
  }

  private static String optionalText(JsonNode json, String member)
      throws InvalidReferenceValueException {
    JsonNode n = json.get(member);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidReferenceValueException(member, "must be a string");
    }
    return n.textValue();
  }

  /** The bytes the detached JWS signs (see the class comment). */
  public byte[] signingInput() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("version", version);
    o.put("type", type);
    o.put("payload", payload);
    return Jcs.canonicalize(o).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "RegistrationMessage[type="
        + type
        + ", "
        + payload.length()
        + " payload chars, "
        + (signature.isPresent() ? "signed" : "unsigned")
        + "]";
  }
}
