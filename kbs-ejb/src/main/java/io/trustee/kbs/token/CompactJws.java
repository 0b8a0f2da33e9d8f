package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;

/**
 * A presented compact JWS after the shape checks that come before any key is chosen: at most {@link
 * #MAX_LENGTH} characters, three strict base64url parts (no padding, nothing outside the alphabet;
 * Nimbus's decoder is lenient), two JSON objects, a string {@code alg}, no {@code crit}/{@code b64}
 * extension and no private or symmetric header {@code jwk}. It trusts nothing; {@link #jwt()} hands
 * the same token to Nimbus's processors. Immutable.
 */
public final class CompactJws {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Upper bound on a token we are willing to parse. */
  public static final int MAX_LENGTH = 256 * 1024;

  private final String token;
  private final ObjectNode header;
  private final ObjectNode payload;

  private CompactJws(String token, ObjectNode header, ObjectNode payload) {
    this.token = token;
    this.header = header;
    this.payload = payload;
  }

  public ObjectNode header() {
    return header.deepCopy();
  }

  public ObjectNode payload() {
    return payload.deepCopy();
  }

  /** The header {@code alg}. */
  public String alg() {
    return header.get("alg").textValue();
  }

  /**
   * The token as a Nimbus {@link SignedJWT} (a new object per call: Nimbus's is stateful).
   *
   * @throws TokenVerificationException reason {@code bad signature} if the signature is empty,
   *     {@code malformed} if Nimbus refuses the header (e.g. an invalid {@code jwk})
   */
  public SignedJWT jwt() throws TokenVerificationException {
    if (token.endsWith(".")) {
      throw new TokenVerificationException("bad signature", "empty signature");
    }
    try {
      return SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new TokenVerificationException("malformed", e.getMessage());
    }
  }

  /**
   * Splits and checks {@code token}.
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
    JsonNode jwk = h.get("jwk");
    if (jwk != null) {
      for (String priv : List.of("d", "p", "q", "dp", "dq", "qi", "k")) {
        if (jwk.has(priv)) {
          throw new TokenVerificationException(
              "malformed", "header jwk carries private or symmetric member " + priv);
        }
      }
    }
    b64url(parts[2], "signature");
    return new CompactJws(token, (ObjectNode) h, (ObjectNode) p);
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
