package io.trustee.kbs.attestation.snp;

import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.VerdictCacheListener;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Checks the ECDSA P-384 / SHA-384 signature of an SNP report over its raw signed bytes ({@code
 * 0x000..0x29F}) with the VCEK public key (spec §6 step 14).
 *
 * <p>r and s are range-checked ({@code 1 <= r,s < n}) <em>before</em> any crypto call. Two
 * back-ends compute the same result: the JDK's {@code SHA384withECDSA} and Bouncy Castle's
 * lightweight {@link ECDSASigner}. The JMH benchmark {@code AzSnpVtpmVerifyBenchmark} measures
 * both; {@link Backend#BOUNCY_CASTLE} is the default because it was measured faster (see the
 * benchmark report).
 *
 * <p><b>Verdict cache.</b> A confidential VM that attests repeatedly can send the very same report
 * (e.g. the az-snp-vtpm HCL report, fixed per boot when the freshness comes from the vTPM quote).
 * {@link #verify(SnpAttestationReport, X509Certificate)} remembers, in a bounded LRU set of {@code
 * verdictCacheSize} entries, the SHA-384 digest of {@code report bytes (all 0x4A0) ‖ VCEK
 * certificate DER} of every report whose signature verified, and skips the ECDSA verification when
 * exactly those bytes come again with exactly that certificate. Only successes are remembered (a
 * failed verification is recomputed each time, so invalid reports cannot fill the set); the report
 * has a fixed size, so the concatenation is unambiguous. The cache skips nothing else: the caller
 * still runs every other check (nonce binding, TCB, VMPL, chain, policy) on every request. Size 0
 * (or {@link #ReportSignatureVerifier(Backend)}) disables it.
 *
 * <p>Thread-safe: the only mutable state is the verdict set (behind its own lock) and a counter.
 */
public final class ReportSignatureVerifier {

  /** Which implementation of ECDSA verification to use. */
  public enum Backend {
    JDK,
    BOUNCY_CASTLE
  }

  // CustomNamedCurves gives BC's specialised SecP384R1 field arithmetic; the generic
  // ECNamedCurveTable curve computes the same result several times more slowly.
  private static final X9ECParameters P384 =
      CustomNamedCurves.getByOID(SECObjectIdentifiers.secp384r1);
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(P384.getCurve(), P384.getG(), P384.getN(), P384.getH());
  private static final BigInteger N = P384.getN();
  private static final String CHECK = "report signature invalid";

  private final Backend backend;
  private final VerdictCache verdicts;
  private final VerdictCacheListener listener;
  private final AtomicLong signatureVerifications = new AtomicLong();

  /** A verifier without a verdict cache. */
  public ReportSignatureVerifier(Backend backend) {
    this(backend, 0);
  }

  /**
   * @param verdictCacheSize how many successful verdicts to remember (0 disables the cache)
   * @throws IllegalArgumentException if {@code verdictCacheSize} is negative
   */
  public ReportSignatureVerifier(Backend backend, int verdictCacheSize) {
    this(backend, verdictCacheSize, VerdictCacheListener.NONE);
  }

  /**
   * As {@link #ReportSignatureVerifier(Backend, int)}, telling {@code listener} of each lookup in
   * the verdict cache (none when the cache is disabled).
   */
  public ReportSignatureVerifier(
      Backend backend, int verdictCacheSize, VerdictCacheListener listener) {
    this.backend = java.util.Objects.requireNonNull(backend, "backend");
    this.listener = java.util.Objects.requireNonNull(listener, "listener");
    this.verdicts = new VerdictCache(verdictCacheSize);
  }

  /** The default, faster back-end. */
  public static ReportSignatureVerifier defaultVerifier() {
    return new ReportSignatureVerifier(Backend.BOUNCY_CASTLE);
  }

  public Backend backend() {
    return backend;
  }

  /**
   * Verifies the report signature with the VCEK's public key, or finds that exactly these report
   * bytes were verified with exactly this certificate before (see the class comment).
   *
   * @throws BadEvidenceException as {@link #verify(SnpAttestationReport, PublicKey)}, or {@code
   *     vcek malformed} if the certificate cannot be encoded
   */
  public void verify(SnpAttestationReport report, X509Certificate vcek)
      throws BadEvidenceException {
    if (!verdicts.enabled()) {
      verify(report, vcek.getPublicKey());
      return;
    }
    byte[] key = verdictKey(report, vcek);
    boolean hit = verdicts.contains(key);
    listener.lookup(VerdictCacheListener.REPORT_SIGNATURE, hit);
    if (hit) {
      return;
    }
    verify(report, vcek.getPublicKey());
    verdicts.add(key);
  }

  private static byte[] verdictKey(SnpAttestationReport report, X509Certificate vcek)
      throws BadEvidenceException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-384");
      md.update(report.rawBytes());
      md.update(vcek.getEncoded());
      return md.digest();
    } catch (CertificateEncodingException e) {
      throw new BadEvidenceException("vcek malformed", "cannot encode the VCEK");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 is mandatory in every JDK", e);
    }
  }

  /** ECDSA verifications actually computed so far (cache hits excluded; for tests and metrics). */
  public long signatureVerifications() {
    return signatureVerifications.get();
  }

  /** Number of remembered verdicts. */
  public int cachedVerdicts() {
    return verdicts.size();
  }

  /** The verdict cache's bound (0: no cache). */
  public int verdictCacheSize() {
    return verdicts.maxEntries();
  }

  /**
   * Verifies the report signature.
   *
   * @throws BadEvidenceException {@code report signature invalid} if r/s are out of range or the
   *     signature does not verify; {@code vcek malformed} if the key is not a P-384 EC key
   */
  public void verify(SnpAttestationReport report, PublicKey vcekKey) throws BadEvidenceException {
    ECPublicKey ec = requireP384(vcekKey);
    BigInteger r = report.signatureR();
    BigInteger s = report.signatureS();
    if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
      throw new BadEvidenceException(CHECK, "r or s out of range");
    }
    byte[] signed = report.signedBytes();
    signatureVerifications.incrementAndGet();
    boolean ok = backend == Backend.JDK ? verifyJdk(ec, signed, r, s) : verifyBc(ec, signed, r, s);
    if (!ok) {
      throw new BadEvidenceException(CHECK, "ECDSA P-384 signature does not verify with the VCEK");
    }
  }

  static ECPublicKey requireP384(PublicKey key) throws BadEvidenceException {
    if (!(key instanceof ECPublicKey ec) || ec.getParams().getOrder().compareTo(N) != 0) {
      throw new BadEvidenceException("vcek malformed", "VCEK public key is not EC P-384");
    }
    return ec;
  }

  private static boolean verifyJdk(ECPublicKey key, byte[] data, BigInteger r, BigInteger s) {
    try {
      ASN1EncodableVector v = new ASN1EncodableVector();
      v.add(new ASN1Integer(r));
      v.add(new ASN1Integer(s));
      byte[] der = new DERSequence(v).getEncoded();
      Signature sig = Signature.getInstance("SHA384withECDSA");
      sig.initVerify(key);
      sig.update(data);
      return sig.verify(der);
    } catch (GeneralSecurityException | java.io.IOException e) {
      return false;
    }
  }

  private static boolean verifyBc(ECPublicKey key, byte[] data, BigInteger r, BigInteger s) {
    ECPoint q;
    try {
      q =
          DOMAIN
              .getCurve()
              .createPoint(key.getW().getAffineX(), key.getW().getAffineY())
              .normalize();
      if (!q.isValid()) {
        return false;
      }
    } catch (IllegalArgumentException e) {
      return false;
    }
    SHA384Digest digest = new SHA384Digest();
    digest.update(data, 0, data.length);
    byte[] hash = new byte[digest.getDigestSize()];
    digest.doFinal(hash, 0);
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, new ECPublicKeyParameters(q, DOMAIN));
    return signer.verifySignature(hash, r, s);
  }
}
