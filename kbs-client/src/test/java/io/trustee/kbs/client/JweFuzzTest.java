package io.trustee.kbs.client;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Fuzz target: the guest side of a resource response, a JWE in flattened JSON ({@link
 * JweDecryptor#decrypt}: protected header, epk curve check, ECDH-ES+A256KW unwrap, A256GCM), with a
 * fixed test TEE key so that mutations of the committed seed reach the decryption. Typed errors:
 * CliException and the Jackson IOException of a body that is not JSON.
 */
class JweFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TeeKeys KEYS = keys();

  /**
   * A fixed P-256 key pair derived from a constant (no key material is committed): the private
   * scalar is SHA-256("trustee jwe fuzz key") mod n, the public point d·G.
   */
  static TeeKeys keys() {
    try {
      AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
      ap.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec params = ap.getParameterSpec(ECParameterSpec.class);
      BigInteger d =
          new BigInteger(
                  1,
                  MessageDigest.getInstance("SHA-256")
                      .digest("trustee jwe fuzz key".getBytes(StandardCharsets.US_ASCII)))
              .mod(params.getOrder());
      ECPoint q = ECNamedCurveTable.getParameterSpec("secp256r1").getG().multiply(d).normalize();
      KeyFactory kf = KeyFactory.getInstance("EC");
      return TeeKeys.of(
          new KeyPair(
              kf.generatePublic(
                  new ECPublicKeySpec(
                      new java.security.spec.ECPoint(
                          q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                      params)),
              kf.generatePrivate(new ECPrivateKeySpec(d, params))));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxExecutions = 20_000, maxDuration = "20s")
  void jwe(byte[] data) {
    if (data.length > 2 * 1024 * 1024) {
      return;
    }
    try {
      JweDecryptor.decrypt(JSON.readTree(data), KEYS);
    } catch (IOException | CliException expected) {
      // typed: a body that is not JSON, or a refused / undecryptable JWE
    } catch (Throwable t) {
      throw new AssertionError(
          "JweDecryptor.decrypt let an untyped " + t.getClass().getName() + " escape", t);
    }
  }
}
