package io.trustee.kbs.broker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.impl.AESGCM;
import com.nimbusds.jose.crypto.impl.AESKW;
import com.nimbusds.jose.crypto.impl.AuthenticatedCipherText;
import com.nimbusds.jose.crypto.impl.ConcatKDF;
import com.nimbusds.jose.crypto.impl.ECDH;
import com.nimbusds.jose.crypto.impl.RSA_OAEP_SHA2;
import com.nimbusds.jose.crypto.opts.CipherMode;
import com.nimbusds.jose.util.Container;
import io.trustee.kbs.crypto.EcCurves;
import io.trustee.kbs.crypto.FastEc;
import io.trustee.kbs.protocol.InvalidTeeKeyException;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.TeePublicKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKey;
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
 * plus the key the attestation service vouched for, never from request parameters.
 *
 * <p><b>The one hand-written piece of JOSE in the KBS:</b> the protected header is written byte for
 * byte here (order {@code alg}, {@code enc}, {@code epk}; epk members sorted), because the guest
 * re-serialises it to compute the AAD (kbs-protocol.md §7) and Nimbus's serialiser orders members
 * its own way. Nimbus's JWE building blocks do all the cryptography: {@code ECDH} and its Concat
 * KDF ({@code ECDH.deriveSharedKey}), {@code AESKW}, {@code RSA_OAEP_SHA2}, {@code RSA1_5} and
 * {@code AESGCM}.
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
    byte[] cekBytes = randomness.cek();
    SecretKey cek = new SecretKeySpec(cekBytes, "AES");
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
        SecretKey z =
            ECDH.deriveSharedSecret(
                (ECPublicKey) FastEc.publicKey(pub), eph.getPrivate(), FastEc.provider());
        encryptedKey = AESKW.wrapCEK(cek, kek(z), null);
      } else {
        header = "{\"alg\":\"" + alg + "\",\"enc\":\"A256GCM\"}";
        encryptedKey = rsaWrap(alg, (RSAPublicKey) pub, cek);
      }
      String protectedB64 = B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8));
      AuthenticatedCipherText sealed =
          AESGCM.encrypt(
              cek,
              new Container<>(iv),
              plaintext,
              protectedB64.getBytes(StandardCharsets.US_ASCII),
              null);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("protected", protectedB64);
      out.put("encrypted_key", B64URL.encodeToString(encryptedKey));
      out.put("iv", B64URL.encodeToString(iv));
      out.put("ciphertext", B64URL.encodeToString(sealed.getCipherText()));
      out.put("tag", B64URL.encodeToString(sealed.getAuthenticationTag()));
      return out;
    } catch (GeneralSecurityException
        | JOSEException
        | InvalidTeeKeyException
        | ClassCastException e) {
      throw new JweException(alg, "encryption failed", e);
    } finally {
      Arrays.fill(cekBytes, (byte) 0);
    }
  }

  /** §12 legacy form: raw header text, RSA1_5-wrapped CEK, empty AAD, tag inside ciphertext. */
  private ObjectNode legacy(byte[] plaintext, PublicKey pub, SecretKey cek, byte[] iv)
      throws JOSEException {
    AuthenticatedCipherText sealed =
        AESGCM.encrypt(cek, new Container<>(iv), plaintext, new byte[0], null);
    byte[] ct = sealed.getCipherText();
    byte[] tag = sealed.getAuthenticationTag();
    byte[] withTag = Arrays.copyOf(ct, ct.length + tag.length);
    System.arraycopy(tag, 0, withTag, ct.length, tag.length);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("protected", LEGACY_HEADER);
    out.put("encrypted_key", B64URL.encodeToString(rsaWrap(RSA1_5, (RSAPublicKey) pub, cek)));
    out.put("iv", B64URL.encodeToString(iv));
    out.put("ciphertext", B64URL.encodeToString(withTag));
    out.put("tag", "");
    return out;
  }

  /** {@code RSA-OAEP-256} (SHA-256, MGF1-SHA-256, empty label) or {@code RSA1_5}, by Nimbus. */
  private static byte[] rsaWrap(String alg, RSAPublicKey pub, SecretKey cek) throws JOSEException {
    return RSA_OAEP_256.equals(alg)
        ? RSA_OAEP_SHA2.encryptCEK(pub, cek, 256, CipherMode.ENCRYPT_DECRYPT, null)
        : com.nimbusds.jose.crypto.impl.RSA1_5.encryptCEK(pub, cek, null);
  }

  /**
   * The ECDH-ES+A256KW key-encryption key: Nimbus's RFC 7518 §4.6.2 Concat KDF (SHA-256, empty
   * PartyUInfo/PartyVInfo) over the shared secret {@code z}.
   */
  private static SecretKey kek(SecretKey z) throws JOSEException {
    return ECDH.deriveSharedKey(
        new JWEHeader(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM),
        z,
        new ConcatKDF("SHA-256"));
  }

  /** {@link #kek} over raw bytes (tests check it against the spec's vector). */
  static byte[] concatKdf(byte[] z) throws JOSEException {
    return kek(new SecretKeySpec(z, "AES")).getEncoded();
  }

  @Override
  public String toString() {
    return "ResourceEncryptor[RSA1_5 " + (allowRsa15 ? "enabled" : "disabled") + "]";
  }
}
