package io.trustee.kbs.token;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Set;

/**
 * JWS signature verification for the asymmetric algorithms we accept, with the algorithm checked
 * against the key type first (EC curve must match ES256/384/512, RSA keys of at least 2048 bits for
 * RS and PS algorithms, Ed25519 for EdDSA). {@code none} and HMAC are not in the table, so they can
 * never verify. ECDSA signatures with the wrong length or r/s outside [1, n-1] are rejected before
 * the JCA sees them. Stateless and thread-safe.
 */
public final class JwsSignatures {
  /** Every algorithm this class can verify. */
  public static final Set<String> ASYMMETRIC =
      Set.of(
          "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA");

  private JwsSignatures() {}

  /** True if {@code alg} may be used with {@code key}. */
  public static boolean fits(String alg, PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return ("ES256".equals(alg) && bits == 256)
          || ("ES384".equals(alg) && bits == 384)
          || ("ES512".equals(alg) && bits == 521);
    }
    if (key instanceof RSAPublicKey rsa) {
      return rsa.getModulus().bitLength() >= 2048
          && (alg.startsWith("RS") || alg.startsWith("PS"))
          && ASYMMETRIC.contains(alg);
    }
    if (key instanceof EdECPublicKey ed) {
      return "EdDSA".equals(alg) && "Ed25519".equals(ed.getParams().getName());
    }
    return false;
  }

  /** Verifies {@code signature} over {@code signingInput}; false on any mismatch. */
  public static boolean verify(String alg, PublicKey key, byte[] signingInput, byte[] signature)
      throws GeneralSecurityException {
    if (!ASYMMETRIC.contains(alg) || !fits(alg, key)) {
      return false;
    }
    Signature s;
    switch (alg) {
      case "ES256", "ES384", "ES512" -> {
        ECPublicKey ec = (ECPublicKey) key;
        int len = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        if (signature.length != 2 * len) {
          return false;
        }
        BigInteger n = ec.getParams().getOrder();
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, len));
        BigInteger sv = new BigInteger(1, java.util.Arrays.copyOfRange(signature, len, 2 * len));
        if (r.signum() == 0 || sv.signum() == 0 || r.compareTo(n) >= 0 || sv.compareTo(n) >= 0) {
          return false;
        }
        s = Signature.getInstance("SHA" + alg.substring(2) + "withECDSAinP1363Format");
      }
      case "RS256", "RS384", "RS512" ->
          s = Signature.getInstance("SHA" + alg.substring(2) + "withRSA");
      case "PS256", "PS384", "PS512" -> {
        String h = "SHA-" + alg.substring(2);
        s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(
            new PSSParameterSpec(
                h, "MGF1", new MGF1ParameterSpec(h), Integer.parseInt(alg.substring(2)) / 8, 1));
      }
      case "EdDSA" -> s = Signature.getInstance("Ed25519");
      default -> {
        return false;
      }
    }
    s.initVerify(key);
    s.update(signingInput);
    try {
      return s.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    }
  }
}
