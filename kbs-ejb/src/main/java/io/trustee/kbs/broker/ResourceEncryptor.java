package io.trustee.kbs.broker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.EcCurves;
import io.trustee.kbs.protocol.InvalidTeeKeyException;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.TeePublicKey;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a resource to the TEE public key as a JWE in flattened JSON serialisation with {@code
 * A256GCM} content encryption (kbs-protocol.md §7), or in the legacy form of §12 for protocol 0.1.x
 * guests.
 *
 * <p>Key management follows the key: {@code ECDH-ES+A256KW} on P-256/P-521, {@code RSA-OAEP-256}
 * (SHA-256, MGF1-SHA-256, empty label) and {@code RSA1_5}. RSA1_5 is served unless the operator
 * turned it off: Bleichenbacher's attack needs a party that decrypts attacker-chosen ciphertexts
 * and reveals padding errors, and the KBS only ever encrypts with it (the decryptor is the guest),
 * while 0.1.x guests cannot use anything else. The algorithm always comes from this configuration
 * plus the key
 * the attestation service vouched for, never from request parameters. The protected header is
 * written byte for byte here (order {@code alg}, {@code enc}, {@code epk}; epk members sorted),
 * because the guest re-serialises it to compute the AAD; JDK primitives do the cryptography.
 *
 * <p>Thread-safe (no mutable state; JCA objects are created per call). Arguments must not be null.
 */
public final class ResourceEncryptor {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final String ECDH_ES_A256KW = "ECDH-ES+A256KW";
  private static final String RSA_OAEP_256 = "RSA-OAEP-256";
  private static final String RSA1_5 = "RSA1_5";
  private static final String LEGACY_HEADER = "{\"alg\":\"RSA1_5\",\"enc\":\"A256GCM\"}";

  private final boolean allowRsa15;
  private final JweRandomness randomness;

  /**
   * @param allowRsa15 whether {@code RSA1_5} keys (and therefore the legacy 0.1.x form) are served;
   *     on by default in configuration, as upstream (we only encrypt with it: a padding oracle
   *     would have to be the guest's decryption, not the KBS)
   */
  public ResourceEncryptor(boolean allowRsa15) {
    this(allowRsa15, JweRandomness.secure(new SecureRandom()));
  }

  ResourceEncryptor(boolean allowRsa15, JweRandomness randomness) {
    this.allowRsa15 = allowRsa15;
    this.randomness = Objects.requireNonNull(randomness, "randomness");
  }

  /**
   * Checks that resources can be encrypted for {@code key} in the form a guest of {@code version}
   * expects, without encrypting anything: {@code /attest} calls it so that a guest whose key would
   * be refused at every fetch (RSA1_5 turned off, or a 0.1.x guest without an RSA1_5 key) is told
   * before its evidence is appraised.
   *
   * @throws JweException naming the algorithm and why it cannot be served
   */
  public void requireServable(TeePublicKey key, ProtocolVersion version) throws JweException {
    String alg = key.alg();
    if (!ECDH_ES_A256KW.equals(alg) && !RSA_OAEP_256.equals(alg) && !RSA1_5.equals(alg)) {
      throw new JweException(alg, "unsupported key-management algorithm");
    }
    if (RSA1_5.equals(alg) && !allowRsa15) {
      throw new JweException(
          alg, "RSA1_5 is disabled by configuration (kbs.resource.allow-rsa1_5=false)");
    }
    if (version.usesLegacyJwe() && !RSA1_5.equals(alg)) {
      throw new JweException(alg, "protocol " + version + " guests only support RSA1_5");
    }
  }

  /**
   * Encrypts {@code plaintext} for {@code key} in the form the guest of {@code version} expects.
   *
   * @return the JWE JSON object ({@code protected}, {@code encrypted_key}, {@code iv}, {@code
   *     ciphertext}, {@code tag})
   * @throws JweException if the key is unusable or its algorithm unsupported or disabled
   */
  public ObjectNode encrypt(byte[] plaintext, TeePublicKey key, ProtocolVersion version)
      throws JweException {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(version, "version");
    requireServable(key, version);
    String alg = key.alg();
    PublicKey pub;
    try {
      pub = key.toJavaKey();
    } catch (InvalidTeeKeyException e) {
      throw new JweException(alg, e.getMessage(), e);
    }
    byte[] cek = randomness.cek();
    byte[] iv = randomness.iv();
    try {
      if (version.usesLegacyJwe()) {
        return legacy(plaintext, pub, cek, iv);
      }
      String header;
      byte[] encryptedKey;
      if (key instanceof TeePublicKey.Ec ec) {
        ECParameterSpec params = TeePublicKey.Ec.curveParameters(ec.crv());
        int len = TeePublicKey.Ec.coordinateLength(ec.crv());
        KeyPair eph = randomness.ephemeral(params);
        ECPublicKey epk = (ECPublicKey) eph.getPublic();
        header =
            "{\"alg\":\"ECDH-ES+A256KW\",\"enc\":\"A256GCM\",\"epk\":{\"crv\":\""
                + ec.crv()
                + "\",\"kty\":\"EC\",\"x\":\""
                + B64URL.encodeToString(EcCurves.unsigned(epk.getW().getAffineX(), len))
                + "\",\"y\":\""
                + B64URL.encodeToString(EcCurves.unsigned(epk.getW().getAffineY(), len))
                + "\"}}";
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(eph.getPrivate());
        ka.doPhase(pub, true);
        byte[] z = EcCurves.unsigned(new BigInteger(1, ka.generateSecret()), len);
        byte[] kek = concatKdf(z);
        Arrays.fill(z, (byte) 0);
        encryptedKey = aesKeyWrap(kek, cek);
        Arrays.fill(kek, (byte) 0);
      } else {
        header = "{\"alg\":\"" + alg + "\",\"enc\":\"A256GCM\"}";
        encryptedKey = rsaWrap(alg, pub, cek);
      }
      String protectedB64 = B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = gcm(cek, iv, protectedB64.getBytes(StandardCharsets.US_ASCII), plaintext);
      int split = sealed.length - 16;
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("protected", protectedB64);
      out.put("encrypted_key", B64URL.encodeToString(encryptedKey));
      out.put("iv", B64URL.encodeToString(iv));
      out.put("ciphertext", B64URL.encodeToString(Arrays.copyOf(sealed, split)));
      out.put("tag", B64URL.encodeToString(Arrays.copyOfRange(sealed, split, sealed.length)));
      return out;
    } catch (GeneralSecurityException | InvalidTeeKeyException e) {
      throw new JweException(alg, "encryption failed", e);
    } finally {
      Arrays.fill(cek, (byte) 0);
    }
  }

  /** §12 legacy form: raw header text, RSA1_5-wrapped CEK, empty AAD, tag inside ciphertext. */
  private ObjectNode legacy(byte[] plaintext, PublicKey pub, byte[] cek, byte[] iv)
      throws GeneralSecurityException {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("protected", LEGACY_HEADER);
    out.put("encrypted_key", B64URL.encodeToString(rsaWrap(RSA1_5, pub, cek)));
    out.put("iv", B64URL.encodeToString(iv));
    out.put("ciphertext", B64URL.encodeToString(gcm(cek, iv, new byte[0], plaintext)));
    out.put("tag", "");
    return out;
  }

  private static byte[] rsaWrap(String alg, PublicKey pub, byte[] cek)
      throws GeneralSecurityException {
    Cipher c;
    if (RSA_OAEP_256.equals(alg)) {
      c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      // Explicit MGF1-SHA-256: the JDK default for "OAEPWithSHA-256AndMGF1Padding" is MGF1-SHA-1.
      c.init(
          Cipher.ENCRYPT_MODE,
          pub,
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    } else {
      c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      c.init(Cipher.ENCRYPT_MODE, pub);
    }
    return c.doFinal(cek);
  }

  private static byte[] gcm(byte[] cek, byte[] iv, byte[] aad, byte[] plaintext)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
    c.updateAAD(aad);
    return c.doFinal(plaintext);
  }

  /** RFC 3394 AES key wrap with the default IV. */
  static byte[] aesKeyWrap(byte[] kek, byte[] cek) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AESWrap");
    c.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
    return c.wrap(new SecretKeySpec(cek, "AES"));
  }

  /**
   * RFC 7518 §4.6.2 Concat KDF for ECDH-ES+A256KW with empty PartyUInfo/PartyVInfo: one SHA-256
   * round gives the 256-bit KEK.
   */
  static byte[] concatKdf(byte[] z) throws GeneralSecurityException {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    byte[] algId = ECDH_ES_A256KW.getBytes(StandardCharsets.US_ASCII);
    in.writeBytes(new byte[] {0, 0, 0, 1});
    in.writeBytes(z);
    in.writeBytes(new byte[] {0, 0, 0, (byte) algId.length});
    in.writeBytes(algId);
    in.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
    return MessageDigest.getInstance("SHA-256").digest(in.toByteArray());
  }

  @Override
  public String toString() {
    return "ResourceEncryptor[RSA1_5 " + (allowRsa15 ? "enabled" : "disabled") + "]";
  }
}
