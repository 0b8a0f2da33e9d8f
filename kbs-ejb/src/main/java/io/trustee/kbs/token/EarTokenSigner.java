package io.trustee.kbs.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64URL;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.util.Objects;

/**
 * Signs EAR attestation tokens with Nimbus's {@link ECDSASigner}: compact JWS, ES256, header {@code
 * {"typ":"JWT","alg":"ES256","kid":…,"jwk":{…}}} with the signer's public JWK
 * (attestation-service.md §5.4; the {@code kid}, the key's RFC 7638 thumbprint, is ours: it names
 * the key-ring entry that verifies the token), over the payload the attestation service built
 * (serialised by Jackson, byte for byte). The signature is the 64-byte JWS {@code r‖s} form.
 *
 * <p>Thread-safe: the header and signer are built once and never change.
 */
public final class EarTokenSigner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SigningKeyMaterial key;
  private final JWSHeader header;
  private final ECDSASigner signer;

  public EarTokenSigner(SigningKeyMaterial key) {
    this.key = Objects.requireNonNull(key, "key");
    try {
      ObjectNode h = JsonNodeFactory.instance.objectNode();
      h.put("typ", "JWT");
      h.put("alg", "ES256");
      h.put("kid", key.kid());
      h.set("jwk", key.publicJwk());
      // Parsed from our own bytes, Nimbus signs over exactly them (member order is part of the
      // tested wire format; Nimbus's own serialiser orders members differently).
      this.header = JWSHeader.parse(Base64URL.encode(JSON.writeValueAsBytes(h)));
      this.signer =
          new ECDSASigner((ECPrivateKey) io.trustee.kbs.crypto.FastEc.privateKey(key.privateKey()));
      this.signer.getJCAContext().setProvider(io.trustee.kbs.crypto.FastEc.provider());
    } catch (ParseException
        | JOSEException
        | JsonProcessingException
        | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("token signer cannot be set up", e);
    }
  }

  /** Signs {@code payload} (must be a JSON object; {@code exp} is the caller's responsibility). */
  public String sign(ObjectNode payload) {
    Objects.requireNonNull(payload, "payload");
    try {
      JWSObject jws = new JWSObject(header, new Payload(JSON.writeValueAsBytes(payload)));
      jws.sign(signer);
      return jws.serialize();
    } catch (JsonProcessingException | JOSEException e) {
      throw new IllegalStateException("token signing failed", e);
    }
  }

  /** The signer's key material (for JWKS and for trusting our own tokens). */
  public SigningKeyMaterial keyMaterial() {
    return key;
  }
}
