package io.trustee.kbs.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test AMD certificate chain for one generation, shaped like AMD's (spec §7): a self-signed ARK
 * ({@code CN=ARK-<Gen>}) and an ASK ({@code CN=SEV-<Gen>}), both RSA-4096, signed with RSASSA-PSS
 * SHA-384 / MGF1-SHA-384 / salt 48; it issues VCEKs ({@code CN=SEV-VCEK}, EC P-384, serial 0) with
 * the AMD extensions (product name, SPLs, raw 64-byte hwID). The organisation says {@code NOT AMD}
 * so the certificates cannot be mistaken for real ones, and no verifier pins this ARK.
 *
 * <p>Keys exist only in memory. Immutable after construction and thread-safe.
 */
public final class TestAmdChain {
  static final String AMD_ARC = "1.3.6.1.4.1.3704.1";
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final String PSS = "SHA384WITHRSAANDMGF1";
  private static final Duration VALIDITY = Duration.ofDays(25 * 365);

  private final Generation generation;
  private final KeyPair askKeys;
  private final X509Certificate ark;
  private final X509Certificate ask;
  private final SecureRandom random;

  private TestAmdChain(Generation generation, SecureRandom random) {
    this.generation = generation;
    this.random = random;
    KeyPair arkKeys = rsa(4096, random);
    this.askKeys = rsa(4096, random);
    Instant now = Instant.now();
    X500Name arkName = name("ARK-" + generation.displayName());
    this.ark = sign(ca(arkName, arkName, arkKeys.getPublic(), now, 0x10000), arkKeys.getPrivate());
    this.ask =
        sign(
            ca(arkName, name("SEV-" + generation.displayName()), askKeys.getPublic(), now, 0x10001),
            arkKeys.getPrivate());
  }

  /** Generates a new chain (two RSA-4096 key pairs: takes a second or two). */
  public static TestAmdChain generate(Generation generation, SecureRandom random) {
    return new TestAmdChain(generation, random);
  }

  static X500Name name(String cn) {
    return new X500Name("OU=Engineering, C=US, L=Test, ST=CA, O=Trustee kbs-sim NOT AMD, CN=" + cn);
  }

  static KeyPair rsa(int bits, SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation unavailable", e);
    }
  }

  private static X509v3CertificateBuilder ca(
      X500Name issuer, X500Name subject, PublicKey key, Instant now, long serial) {
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(serial),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(VALIDITY)),
              subject,
              key);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(PSS).setProvider(BC).build(key);
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign test certificate", e);
    }
  }

  /**
   * Issues a VCEK for {@code key} with the AMD extensions for {@code tcb} and {@code chipId}.
   *
   * @param rogue sign with a fresh RSA key under the ASK's name instead of the ASK (a fault)
   */
  X509Certificate issueVcek(PublicKey key, Tcb tcb, byte[] chipId, boolean rogue) {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name("SEV-" + generation.displayName()),
              BigInteger.ZERO,
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(7 * 365))),
              new X500Name(
                  "OU=Engineering, C=US, L=Test, ST=CA, O=Trustee kbs-sim NOT AMD, CN=SEV-VCEK"),
              key);
      b.addExtension(oid(".1"), false, new ASN1Integer(1));
      b.addExtension(oid(".2"), false, new DERIA5String(generation.displayName() + "-B0"));
      b.addExtension(oid(".3.1"), false, new ASN1Integer(tcb.bootLoader()));
      b.addExtension(oid(".3.2"), false, new ASN1Integer(tcb.tee()));
      b.addExtension(oid(".3.3"), false, new ASN1Integer(tcb.snp()));
      for (int i = 4; i <= 7; i++) {
        b.addExtension(oid(".3." + i), false, new ASN1Integer(0));
      }
      b.addExtension(oid(".3.8"), false, new ASN1Integer(tcb.microcode()));
      if (generation == Generation.TURIN) {
        b.addExtension(oid(".3.9"), false, new ASN1Integer(tcb.fmc()));
      }
      // legacy encoding, as in every real VCEK we have: the 64 raw bytes, not an OCTET STRING
      b.addExtension(new Extension(oid(".4"), false, chipId.clone()));
      PrivateKey signer = rogue ? rsa(2048, random).getPrivate() : askKeys.getPrivate();
      return sign(b, signer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ASN1ObjectIdentifier oid(String suffix) {
    return new ASN1ObjectIdentifier(AMD_ARC + suffix);
  }

  public Generation generation() {
    return generation;
  }

  public X509Certificate ark() {
    return ark;
  }

  public X509Certificate ask() {
    return ask;
  }

  /** The ARK as PEM. */
  public String arkPem() {
    return pem(ark);
  }

  /** ASK then ARK as PEM, the layout of AMD's KDS {@code cert_chain}. */
  public String chainPem() {
    return pem(ask) + pem(ark);
  }

  /**
   * Writes {@code <generation>_cert_chain.pem} (ASK, ARK) into {@code dir}, the layout the KBS
   * reads from {@code kbs.amd.certs-dir}; a server must also set {@code
   * kbs.amd.allow-unpinned-roots=true} to trust it.
   *
   * @return the written file
   */
  public Path writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(generation.fileName() + "_cert_chain.pem");
    Files.writeString(file, chainPem(), StandardCharsets.US_ASCII);
    return file;
  }

  static String pem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
