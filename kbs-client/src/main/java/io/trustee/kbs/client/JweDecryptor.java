package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.impl.ConcatKDF;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import io.trustee.kbs.protocol.TeePublicKey;
import java.io.IOException;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts a resource response (kbs-protocol.md §7) with Nimbus: RFC 7516 flattened JSON is read as
 * the equivalent compact {@link JWEObject} (same AAD: the ASCII of the received {@code protected}
 * string), then {@link ECDHDecrypter} ({@code ECDH-ES+A256KW}) or {@link RSADecrypter} ({@code
 * RSA-OAEP-256}) decrypts it with {@code enc} A256GCM.
 *
 * <p>The accepted {@code alg} is the one our own TEE key advertised, never what the header asks for
 * (a header naming another algorithm is refused), {@code enc} must be A256GCM, {@code zip} and the
 * JSON {@code aad} member are refused, and the sender's {@code epk} must be an EC key on our curve
 * (Nimbus checks the point) before any ECDH. Stateless and thread-safe.
 */
final class JweDecryptor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int IV_BYTES = 12;
  private static final int TAG_BYTES = 16;

  private JweDecryptor() {}

  /** The plaintext of {@code jwe}, encrypted to {@code keys}. */
  static byte[] decrypt(JsonNode jwe, TeeKeys keys) {
    return decrypt(jwe, keys, null);
  }

  /**
   * As {@link #decrypt(JsonNode, TeeKeys)}, with the ECDH key agreement of {@code ECDH-ES+A256KW}
   * done by {@code ecdhProvider} (null: the JDK's). {@code kbs-client load} passes Bouncy Castle,
   * whose P-256 arithmetic is several times faster than JDK 17's, so that the load tool's own CPU
   * stays small next to the server's.
   */
  static byte[] decrypt(JsonNode jwe, TeeKeys keys, java.security.Provider ecdhProvider) {
    if (jwe == null || !jwe.isObject()) {
      throw new CliException("resource response: expected a JWE JSON object");
    }
    if (jwe.has("aad")) {
      throw new CliException("resource response: JWE member 'aad' is not supported");
    }
    String protectedB64 = text(jwe, "protected");
    String encryptedKey = strict(jwe, "encrypted_key");
    String iv = strict(jwe, "iv");
    String ciphertext = strict(jwe, "ciphertext");
    String tag = strict(jwe, "tag");
    if (decode("iv", iv).length != IV_BYTES) {
      throw new CliException(
          "resource response: JWE iv must be 12 bytes, got " + decode("iv", iv).length);
    }
    if (decode("tag", tag).length != TAG_BYTES) {
      throw new CliException(
          "resource response: JWE tag must be 16 bytes, got " + decode("tag", tag).length);
    }
    JsonNode header;
    try {
      header = JSON.readTree(decode("protected", protectedB64));
    } catch (IOException e) {
      throw new CliException("resource response: JWE protected header is not JSON");
    }
    if (header == null || !header.isObject()) {
      throw new CliException("resource response: JWE protected header is not an object");
    }
    String alg = header.path("alg").asText("");
    String enc = header.path("enc").asText("");
    if (!"A256GCM".equals(enc)) {
      throw new CliException("resource response: JWE enc '" + enc + "' is not A256GCM");
    }
    if (header.has("zip")) {
      throw new CliException("resource response: JWE zip is not supported");
    }
    TeePublicKey ours = keys.jwk();
    if (!ours.alg().equals(alg)) {
      throw new CliException(
          "resource response: JWE alg '" + alg + "' does not match our key's " + ours.alg());
    }
    JWEDecrypter decrypter =
        switch (alg) {
          case "ECDH-ES+A256KW" -> ecdh(header.get("epk"), keys, ecdhProvider);
          case "RSA-OAEP-256" -> new RSADecrypter(keys.pair().getPrivate());
          default -> throw new CliException("resource response: unsupported JWE alg " + alg);
        };
    JWEObject object;
    try {
      object =
          new JWEObject(
              new Base64URL(protectedB64),
              new Base64URL(encryptedKey),
              new Base64URL(iv),
              new Base64URL(ciphertext),
              new Base64URL(tag));
    } catch (ParseException e) {
      throw new CliException("resource response: JWE protected header is invalid");
    }
    try {
      object.decrypt(decrypter);
    } catch (JOSEException e) {
      if (causedBy(e, AEADBadTagException.class)) {
        throw new CliException(
            "resource response: authentication tag does not verify (wrong key or altered "
                + "response)");
      }
      throw new CliException(
          "resource response: cannot unwrap the content key (wrong key or altered response)");
    } catch (RuntimeException e) {
      throw new CliException("resource response: decryption failed", e);
    }
    return object.getPayload().toBytes();
  }

  private static JWEDecrypter ecdh(
      JsonNode epk, TeeKeys keys, java.security.Provider ecdhProvider) {
    if (!(keys.pair().getPrivate() instanceof ECPrivateKey priv)
        || !(keys.jwk() instanceof TeePublicKey.Ec ourJwk)) {
      throw new CliException("resource response: ECDH-ES needs an EC TEE key");
    }
    if (epk == null || !epk.isObject()) {
      throw new CliException("resource response: JWE header has no epk");
    }
    if (!"EC".equals(epk.path("kty").asText()) || !ourJwk.crv().equals(epk.path("crv").asText())) {
      throw new CliException("resource response: epk must be an EC key on " + ourJwk.crv());
    }
    try {
      ECKey.parse(epk.toString());
    } catch (ParseException e) {
      throw new CliException("resource response: epk is not on " + ourJwk.crv());
    }
    try {
      ECDHDecrypter decrypter = new ECDHDecrypter(priv);
      if (ecdhProvider != null) {
        decrypter.getJCAContext().setKeyEncryptionProvider(ecdhProvider);
      }
      return decrypter;
    } catch (JOSEException e) {
      throw new CliException("resource response: unsupported EC TEE key", e);
    }
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * RFC 7518 §4.6.2 Concat KDF with SHA-256 and empty PartyUInfo/PartyVInfo, by Nimbus (tests check
   * it against the spec's vector).
   */
  static byte[] concatKdf(byte[] z, String algorithmId, int keyBits) {
    try {
      return new ConcatKDF("SHA-256")
          .deriveKey(
              new SecretKeySpec(z, "AES"),
              keyBits,
              ConcatKDF.encodeStringData(algorithmId),
              ConcatKDF.encodeDataWithLength((Base64URL) null),
              ConcatKDF.encodeDataWithLength((Base64URL) null),
              ConcatKDF.encodeIntData(keyBits),
              ConcatKDF.encodeNoData())
          .getEncoded();
    } catch (JOSEException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  /** A member that must be strict base64url; returned as received. */
  private static String strict(JsonNode jwe, String member) {
    String s = text(jwe, member);
    decode(member, s);
    return s;
  }

  private static String text(JsonNode jwe, String member) {
    JsonNode n = jwe.get(member);
    if (n == null || !n.isTextual()) {
      throw new CliException("resource response: JWE member '" + member + "' missing");
    }
    return n.textValue();
  }

  /** Strict b64url without padding, as upstream's decoder. */
  private static byte[] decode(String member, String s) {
    if (s.indexOf('=') >= 0) {
      throw new CliException("resource response: JWE member '" + member + "' is padded");
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new CliException("resource response: JWE member '" + member + "' is not base64url");
    }
  }
}
