package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.crypto.EcCurves;
import io.trustee.kbs.protocol.TeePublicKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts a resource response (kbs-protocol.md §7): RFC 7516 flattened JSON, {@code enc} A256GCM,
 * AAD = the ASCII of the received {@code protected} string, key management {@code ECDH-ES+A256KW}
 * (Concat KDF of RFC 7518 §4.6 without apu/apv, then AES key unwrap) or {@code RSA-OAEP-256}.
 *
 * <p>The accepted {@code alg} is the one our own TEE key advertised, never what the header asks for
 * (a header naming another algorithm is refused), and {@code enc} must be A256GCM. The sender's
 * {@code epk} must lie on our curve before any ECDH. Stateless and thread-safe.
 */
final class JweDecryptor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CEK_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BYTES = 16;

  private JweDecryptor() {}

  /** The plaintext of {@code jwe}, encrypted to {@code keys}. */
  static byte[] decrypt(JsonNode jwe, TeeKeys keys) {
    if (jwe == null || !jwe.isObject()) {
      throw new CliException("resource response: expected a JWE JSON object");
    }
    if (jwe.has("aad")) {
      throw new CliException("resource response: JWE member 'aad' is not supported");
    }
    String protectedB64 = text(jwe, "protected");
    byte[] encryptedKey = b64url(jwe, "encrypted_key");
    byte[] iv = b64url(jwe, "iv");
    byte[] ciphertext = b64url(jwe, "ciphertext");
    byte[] tag = b64url(jwe, "tag");
    if (iv.length != IV_BYTES) {
      throw new CliException("resource response: JWE iv must be 12 bytes, got " + iv.length);
    }
    if (tag.length != TAG_BYTES) {
      throw new CliException("resource response: JWE tag must be 16 bytes, got " + tag.length);
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
    TeePublicKey ours = keys.jwk();
    if (!ours.alg().equals(alg)) {
      throw new CliException(
          "resource response: JWE alg '" + alg + "' does not match our key's " + ours.alg());
    }
    byte[] cek =
        switch (alg) {
          case "ECDH-ES+A256KW" -> unwrapEcdh(header.get("epk"), encryptedKey, keys);
          case "RSA-OAEP-256" -> unwrapRsaOaep256(encryptedKey, keys);
          default -> throw new CliException("resource response: unsupported JWE alg " + alg);
        };
    if (cek.length != CEK_BYTES) {
      throw new CliException("resource response: content key must be 32 bytes");
    }
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
      gcm.updateAAD(protectedB64.getBytes(StandardCharsets.US_ASCII));
      return gcm.doFinal(
          ByteBuffer.allocate(ciphertext.length + tag.length).put(ciphertext).put(tag).array());
    } catch (AEADBadTagException e) {
      throw new CliException(
          "resource response: authentication tag does not verify (wrong key or altered response)");
    } catch (GeneralSecurityException e) {
      throw new CliException("resource response: decryption failed", e);
    }
  }

  private static byte[] unwrapEcdh(JsonNode epk, byte[] encryptedKey, TeeKeys keys) {
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
    ECParameterSpec params = priv.getParams();
    int len = EcCurves.coordinateLength(params);
    byte[] x = b64url(epk, "x");
    byte[] y = b64url(epk, "y");
    if (x.length != len || y.length != len) {
      throw new CliException("resource response: epk coordinates must be " + len + " bytes");
    }
    ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
    if (!EcCurves.isOnCurve(point, params.getCurve())) {
      throw new CliException("resource response: epk is not on " + ourJwk.crv());
    }
    try {
      PublicKey ephemeral =
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
      KeyAgreement ka = KeyAgreement.getInstance("ECDH");
      ka.init(priv);
      ka.doPhase(ephemeral, true);
      byte[] z = ka.generateSecret();
      byte[] kek = concatKdf(z, "ECDH-ES+A256KW", 256);
      Cipher kw = Cipher.getInstance("AESWrap");
      kw.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
      Key cek = kw.unwrap(encryptedKey, "AES", Cipher.SECRET_KEY);
      return cek.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new CliException(
          "resource response: cannot unwrap the content key (wrong key or altered response)");
    }
  }

  /**
   * RFC 7518 §4.6.2 Concat KDF with SHA-256, empty PartyUInfo/PartyVInfo, one round (≤ 256 bits).
   */
  static byte[] concatKdf(byte[] z, String algorithmId, int keyBits) {
    byte[] alg = algorithmId.getBytes(StandardCharsets.US_ASCII);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ByteBuffer.allocate(4).putInt(1).array());
      sha.update(z);
      sha.update(ByteBuffer.allocate(4).putInt(alg.length).array());
      sha.update(alg);
      sha.update(new byte[8]); // PartyUInfo and PartyVInfo: zero lengths
      sha.update(ByteBuffer.allocate(4).putInt(keyBits).array());
      return java.util.Arrays.copyOf(sha.digest(), keyBits / 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  private static byte[] unwrapRsaOaep256(byte[] encryptedKey, TeeKeys keys) {
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      // Explicit parameters: the JDK's OAEPWithSHA-256AndMGF1Padding defaults MGF1 to SHA-1.
      rsa.init(
          Cipher.DECRYPT_MODE,
          keys.pair().getPrivate(),
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
      return rsa.doFinal(encryptedKey);
    } catch (GeneralSecurityException e) {
      throw new CliException(
          "resource response: cannot unwrap the content key (wrong key or altered response)");
    }
  }

  private static String text(JsonNode jwe, String member) {
    JsonNode n = jwe.get(member);
    if (n == null || !n.isTextual()) {
      throw new CliException("resource response: JWE member '" + member + "' missing");
    }
    return n.textValue();
  }

  private static byte[] b64url(JsonNode node, String member) {
    return decode(member, text(node, member));
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
