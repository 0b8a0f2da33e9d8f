package io.trustee.kbs.attestation.snp;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * The one signature scheme of the AMD certificate chain: RSASSA-PSS with SHA-384, MGF1-SHA-384,
 * salt length 48, trailer field 1 (spec §7.2). The algorithm is fixed here, never taken from the
 * certificate: a certificate whose declared algorithm or parameters differ is refused before any
 * RSA operation. Stateless and thread-safe.
 */
final class AmdSignatures {
  static final String RSASSA_PSS_OID = PKCSObjectIdentifiers.id_RSASSA_PSS.getId();
  private static final PSSParameterSpec PSS_SHA384 =
      new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);

  private AmdSignatures() {}

  /**
   * True if {@code cert} declares RSASSA-PSS/SHA-384 and its signature verifies with {@code key}.
   */
  static boolean verifyPss(X509Certificate cert, PublicKey key) {
    if (!RSASSA_PSS_OID.equals(cert.getSigAlgOID())
        || !hasSha384PssParams(cert.getSigAlgParams())) {
      return false;
    }
    try {
      Signature sig = Signature.getInstance("RSASSA-PSS");
      sig.setParameter(PSS_SHA384);
      sig.initVerify(key);
      sig.update(cert.getTBSCertificate());
      return sig.verify(cert.getSignature());
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static boolean hasSha384PssParams(byte[] encoded) {
    if (encoded == null) {
      return false;
    }
    try {
      RSASSAPSSparams p = RSASSAPSSparams.getInstance(ASN1Primitive.fromByteArray(encoded));
      AlgorithmIdentifier mgf = p.getMaskGenAlgorithm();
      return p.getHashAlgorithm().getAlgorithm().equals(NISTObjectIdentifiers.id_sha384)
          && mgf.getAlgorithm().equals(PKCSObjectIdentifiers.id_mgf1)
          && AlgorithmIdentifier.getInstance(mgf.getParameters())
              .getAlgorithm()
              .equals(NISTObjectIdentifiers.id_sha384)
          && p.getSaltLength().intValueExact() == 48
          && p.getTrailerField().intValueExact() == 1;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** SHA-384 of the certificate's DER encoding (the pinning and cache key). */
  static byte[] sha384(X509Certificate cert) {
    try {
      return sha384(cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate cannot be re-encoded", e);
    }
  }

  static byte[] sha384(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-384").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 is mandatory in every JDK", e);
    }
  }
}
