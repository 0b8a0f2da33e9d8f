package io.trustee.kbs.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.util.Base64URL;
import io.trustee.kbs.crypto.FastEc;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * The JWS algorithms we accept and the key each one needs: EC curve matching ES256/384/512, RSA
 * keys of at least 2048 bits for RS and PS algorithms, Ed25519 for EdDSA. {@code none} and HMAC are
 * not in the table, so they can never verify. Verification is Nimbus's ({@link #VERIFIERS}; EC on
 * Bouncy Castle): {@code ECDSAVerifier} refuses signatures of the wrong length and r/s outside [1,
 * n-1] before the JCA sees them, and every verifier refuses {@code crit} headers. EdDSA is verified
 * by {@link Ed25519Jws}. Stateless and thread-safe.
 */
public final class JwsSignatures {
  /** Every algorithm this class can verify. */
  public static final Set<String> ASYMMETRIC =
      Set.of(
          "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA");

  /**
   * Nimbus's verifier factory for RSA and EC, plus Ed25519 over the JDK. It is only ever handed
   * keys a key selector picked for an algorithm that {@link #fits}.
   */
  public static final JWSVerifierFactory VERIFIERS =
      new JWSVerifierFactory() {
        private final DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
          if (JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) && key instanceof PublicKey pk) {
            return Ed25519Jws.verifier(pk);
          }
          if (key instanceof java.security.interfaces.ECPublicKey ec) {
            // Bouncy Castle verifies ES256 many times faster than SunEC on JDK 17 (kbs-bench
            // HandshakeFloor); the key on BC's named curve reuses its precomputed base point.
            try {
              ECDSAVerifier v =
                  new ECDSAVerifier((java.security.interfaces.ECPublicKey) FastEc.publicKey(ec));
              v.getJCAContext().setProvider(FastEc.provider());
              return v;
            } catch (java.security.GeneralSecurityException e) {
              throw new JOSEException("EC key not usable: " + e.getMessage(), e);
            }
          }
          return nimbus.createJWSVerifier(header, key);
        }

        @Override
        public com.nimbusds.jose.jca.JCAContext getJCAContext() {
          return nimbus.getJCAContext();
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
          return nimbus.supportedJWSAlgorithms();
        }
      };

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

  /** Verifies {@code signature} over {@code signingInput} with Nimbus; false on any mismatch. */
  public static boolean verify(String alg, PublicKey key, byte[] signingInput, byte[] signature)
      throws GeneralSecurityException {
    if (!ASYMMETRIC.contains(alg) || !fits(alg, key)) {
      return false;
    }
    JWSHeader header = new JWSHeader(JWSAlgorithm.parse(alg));
    try {
      return VERIFIERS
          .createJWSVerifier(header, key)
          .verify(header, signingInput, Base64URL.encode(signature));
    } catch (JOSEException e) {
      return false;
    }
  }
}
