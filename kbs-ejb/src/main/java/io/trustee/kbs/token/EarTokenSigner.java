package io.trustee.kbs.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs EAR attestation tokens: compact JWS, ES256, header {@code {"typ":"JWT","alg":"ES256",
 * "kid":…, "jwk":{…}}} with the signer's public JWK (attestation-service.md §5.4; the {@code kid},
 * the key's RFC 7638 thumbprint, is ours: it names the key-ring entry that verifies the token), over the payload the
 * attestation service built. The signature is the 64-byte JWS {@code r‖s} form.
 *
 * <p>Thread-safe: the header is computed once, a {@link Signature} is created per call.
 */
public final class EarTokenSigner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final SigningKeyMaterial key;
  private final String encodedHeader;

  public EarTokenSigner(SigningKeyMaterial key) {
    this.key = Objects.requireNonNull(key, "key");
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    header.put("kid", key.kid());
    header.set("jwk", key.publicJwk());
    this.encodedHeader = B64URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Signs {@code payload} (must be a JSON object; {@code exp} is the caller's responsibility). */
  public String sign(ObjectNode payload) {
    Objects.requireNonNull(payload, "payload");
    try {
      String signingInput =
          encodedHeader + "." + B64URL.encodeToString(JSON.writeValueAsBytes(payload));
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(key.privateKey());
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64URL.encodeToString(s.sign());
    } catch (JsonProcessingException | GeneralSecurityException e) {
      throw new IllegalStateException("token signing failed", e);
    }
  }

  /** The signer's key material (for JWKS and for trusting our own tokens). */
  public SigningKeyMaterial keyMaterial() {
    return key;
  }
}
