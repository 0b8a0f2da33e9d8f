package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A compact JWS split into its parts: the decoded header and payload objects, the exact signing
 * input and the signature bytes. Parsing checks only the shape (three strict base64url parts, two
 * JSON objects, a string {@code alg}, no {@code crit}/{@code b64} extensions); it trusts nothing.
 * Immutable.
 */
public record CompactJws(
    ObjectNode header, ObjectNode payload, byte[] signingInput, byte[] signature) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Upper bound on a token we are willing to parse. */
  public static final int MAX_LENGTH = 256 * 1024;

  public CompactJws {
    header = header.deepCopy();
    payload = payload.deepCopy();
    signingInput = signingInput.clone();
    signature = signature.clone();
  }

  @Override
  public ObjectNode header() {
    return header.deepCopy();
  }

  @Override
  public ObjectNode payload() {
    return payload.deepCopy();
  }

  @Override
  public byte[] signingInput() {
    return signingInput.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The header {@code alg}. */
  public String alg() {
    return header.get("alg").textValue();
  }

  /**
   * Splits and decodes {@code token}.
   *
   * @throws TokenVerificationException with reason {@code malformed} on any shape error
   */
  public static CompactJws parse(String token) throws TokenVerificationException {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      throw new TokenVerificationException("malformed", "empty or oversized token");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new TokenVerificationException("malformed", "a compact JWS has three parts");
    }
    JsonNode h = object(parts[0], "header");
    JsonNode p = object(parts[1], "payload");
    JsonNode alg = h.get("alg");
    if (alg == null || !alg.isTextual()) {
      throw new TokenVerificationException("malformed", "header alg missing");
    }
    if (h.has("crit")) {
      // RFC 7515 §4.1.11: we understand no extension, so any critical one must be refused.
      throw new TokenVerificationException("malformed", "critical header extensions unsupported");
    }
    if (h.has("b64")) {
      throw new TokenVerificationException("malformed", "unencoded payloads (b64) unsupported");
    }
    byte[] sig = b64url(parts[2], "signature");
    return new CompactJws(
        (ObjectNode) h,
        (ObjectNode) p,
        (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
        sig);
  }

  private static JsonNode object(String part, String what) throws TokenVerificationException {
    try {
      JsonNode n = JSON.readTree(b64url(part, what));
      if (n == null || !n.isObject()) {
        throw new TokenVerificationException("malformed", what + " is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new TokenVerificationException("malformed", what + " is not JSON");
    }
  }

  private static byte[] b64url(String part, String what) throws TokenVerificationException {
    if (part.indexOf('=') >= 0) {
      throw new TokenVerificationException("malformed", what + " is padded");
    }
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new TokenVerificationException("malformed", what + " is not base64url");
    }
  }

  @Override
  public String toString() {
    return "CompactJws[alg=" + alg() + "]";
  }
}
