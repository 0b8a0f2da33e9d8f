package io.trustee.kbs.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.crypto.impl.CriticalHeaderParamsDeferral;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECKey;
import java.util.Set;

/**
 * {@code EdDSA} (Ed25519 only) signing and verification behind Nimbus's {@link JWSSigner} and
 * {@link JWSVerifier} interfaces, done by the JDK's Ed25519: Nimbus's own {@code Ed25519Signer} and
 * {@code Ed25519Verifier} need Google Tink, which this project does not ship. The verifier refuses
 * {@code crit} headers like Nimbus's verifiers. Stateless and thread-safe.
 */
public final class Ed25519Jws {
  private static final Set<JWSAlgorithm> EDDSA = Set.of(JWSAlgorithm.EdDSA);

  private Ed25519Jws() {}

  /**
   * A verifier for {@code key}.
   *
   * @throws JOSEException if {@code key} is not an Ed25519 key
   */
  public static JWSVerifier verifier(PublicKey key) throws JOSEException {
    requireEd25519(key);
    return new Verifier(key);
  }

  /**
   * A signer for {@code key}.
   *
   * @throws JOSEException if {@code key} is not an Ed25519 key
   */
  public static JWSSigner signer(PrivateKey key) throws JOSEException {
    requireEd25519(key);
    return new Signer(key);
  }

  private static void requireEd25519(Object key) throws JOSEException {
    if (!(key instanceof EdECKey ed) || !"Ed25519".equals(ed.getParams().getName())) {
      throw new JOSEException("EdDSA needs an Ed25519 key");
    }
  }

  private static final class Verifier extends BaseJWSProvider implements JWSVerifier {
    private final PublicKey key;
    private final CriticalHeaderParamsDeferral crit = new CriticalHeaderParamsDeferral();

    Verifier(PublicKey key) {
      super(EDDSA);
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
        throws JOSEException {
      if (!EDDSA.contains(header.getAlgorithm()) || !crit.headerPasses(header)) {
        return false;
      }
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(signingInput);
        return s.verify(signature.decode());
      } catch (SignatureException e) {
        return false;
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 verification failed", e);
      }
    }
  }

  private static final class Signer extends BaseJWSProvider implements JWSSigner {
    private final PrivateKey key;

    Signer(PrivateKey key) {
      super(EDDSA);
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!EDDSA.contains(header.getAlgorithm())) {
        throw new JOSEException("this signer only signs EdDSA");
      }
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(signingInput);
        return Base64URL.encode(s.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 signing failed", e);
      }
    }
  }
}
