package io.trustee.kbs.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Objects;

/**
 * The {@code POST /kbs/v0/auth} body (kbs-protocol.md §3.1): protocol version, TEE name
 * (normalised) and {@code extra-params} (any JSON value; a missing member is treated as {@code ""},
 * which upstream would reject but old clients rely on). Unknown members are ignored.
 *
 * <p>Immutable: the extra-params tree is copied in and out.
 */
public record AuthRequest(ProtocolVersion version, TeeName tee, JsonNode extraParams) {

  public AuthRequest {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(tee, "tee");
    extraParams = extraParams == null ? TextNode.valueOf("") : extraParams.deepCopy();
  }

  @Override
  public JsonNode extraParams() {
    return extraParams.deepCopy();
  }

  /**
   * Parses the request body.
   *
   * @throws VersionMismatchException if the version is missing, malformed or unsupported
   * @throws ProtocolException if the body is not an object or {@code tee} is missing/unknown
   */
  public static AuthRequest parse(JsonNode body) throws ProtocolException {
    if (body == null || !body.isObject()) {
      throw new ProtocolException("(body)", "must be a JSON object");
    }
    JsonNode v = body.get("version");
    if (v == null || !v.isTextual()) {
      throw new VersionMismatchException(v == null ? null : v.toString());
    }
    ProtocolVersion version = ProtocolVersion.parse(v.textValue());
    JsonNode t = body.get("tee");
    if (t == null || !t.isTextual()) {
      throw new ProtocolException("tee", "missing or not a string");
    }
    TeeName tee = TeeName.normalize(t.textValue());
    JsonNode extra = body.get("extra-params");
    return new AuthRequest(version, tee, extra == null ? TextNode.valueOf("") : extra);
  }
}
