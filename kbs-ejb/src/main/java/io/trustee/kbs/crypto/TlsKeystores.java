package io.trustee.kbs.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS key material for Liberty: a self-signed certificate and PKCS#12 keystore for the first start,
 * and the conversion of the operator's PEM {@code private_key} + {@code certificate} (kbs-config.md
 * §6.1) into a PKCS#12 keystore. Passwords come from the caller (environment), never from here.
 * Stateless and thread-safe.
 */
public final class TlsKeystores {
  private TlsKeystores() {}

  /**
   * A self-signed certificate for {@code keyPair} (EC or RSA) with subject {@code CN=commonName},
   * the given DNS names as subjectAltName, {@code CA:false}, valid from one minute ago for {@code
   * validity}.
   */
  public static X509Certificate selfSignedCertificate(
      KeyPair keyPair, String commonName, List<String> dnsNames, Duration validity) {
    try {
      X500Name name = new X500Name("CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", "_"));
      Instant now = Instant.now();
      BigInteger serial = new BigInteger(64, new SecureRandom()).setBit(63);
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              serial,
              Date.from(now.minusSeconds(60)),
              Date.from(now.plus(validity)),
              name,
              keyPair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      if (!dnsNames.isEmpty()) {
        GeneralName[] names =
            dnsNames.stream()
                .map(d -> new GeneralName(GeneralName.dNSName, d))
                .toArray(GeneralName[]::new);
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      String sigAlg =
          "RSA".equals(keyPair.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(keyPair.getPrivate())));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build self-signed certificate", e);
    }
  }

  /** A PKCS#12 keystore holding {@code key} with {@code chain} under {@code alias}. */
  public static byte[] pkcs12(
      String alias, PrivateKey key, List<X509Certificate> chain, char[] password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, password);
      return out.toByteArray();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build PKCS#12 keystore", e);
    }
  }

  /**
   * First-start TLS material: a fresh P-256 key with a self-signed certificate for {@code hostname}
   * (and {@code localhost}), valid one year, written as a PKCS#12 keystore to {@code keystore}
   * (owner-only permissions where the file system supports them) protected by {@code password}.
   * Returns the certificate so it can be logged by fingerprint.
   */
  public static X509Certificate writeSelfSignedKeystore(
      Path keystore, String hostname, char[] password) throws IOException {
    KeyPair kp = Pem.generateP256();
    X509Certificate cert =
        selfSignedCertificate(kp, hostname, List.of(hostname, "localhost"), Duration.ofDays(365));
    SecretFiles.writeOwnerOnly(
        keystore, pkcs12("default", kp.getPrivate(), List.of(cert), password));
    return cert;
  }

  /**
   * A PKCS#12 keystore from the operator's PEM files: {@code privateKey} (PKCS#1, PKCS#8 or SEC1)
   * and {@code certificateChain} (leaf first; the leaf must carry the key's public key).
   *
   * @throws PemException naming the file that is unreadable or does not match
   */
  public static byte[] pkcs12FromPem(
      Path privateKey, Path certificateChain, String alias, char[] password) throws PemException {
    PrivateKey key = Pem.readPrivateKey(privateKey);
    List<X509Certificate> chain = Pem.readCertificates(certificateChain);
    try {
      // Proves that key and leaf belong together before Liberty finds out at handshake time.
      String alg =
          switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new PemException(privateKey.toString(), "TLS keys must be RSA or EC");
          };
      byte[] probe = "kbs-tls-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      java.security.Signature s = java.security.Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      s.initVerify(chain.get(0).getPublicKey());
      s.update(probe);
      if (!s.verify(sig)) {
        throw new PemException(
            certificateChain.toString(), "the first certificate does not match the private key");
      }
    } catch (GeneralSecurityException e) {
      throw new PemException(
          certificateChain.toString(), "the first certificate does not match the private key", e);
    }
    return pkcs12(alias, key, chain, password);
  }
}
