package io.trustee.kbs.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM keys and certificates and key generation (digests are in {@link Digests}). Reads PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}) private
 * keys, SPKI public keys and certificate chains; refuses encrypted keys. Keys are returned as
 * JDK-provider keys (EC, RSA, Ed25519).
 *
 * <p>Stateless and thread-safe; null arguments are rejected.
 */
public final class Pem {
  private static final String OID_EC = "1.2.840.10045.2.1";
  private static final String OID_RSA = "1.2.840.113549.1.1.1";
  private static final String OID_ED25519 = "1.3.101.112";

  private Pem() {}

  /** Reads the first private key in the file. */
  public static PrivateKey readPrivateKey(Path file) throws PemException {
    return parsePrivateKey(read(file), file.toString());
  }

  /** Parses the first private key of a PEM text; {@code source} names it in errors. */
  public static PrivateKey parsePrivateKey(String pem, String source) throws PemException {
    for (Object o : objects(pem, source)) {
      PrivateKeyInfo info = null;
      if (o instanceof PrivateKeyInfo p) {
        info = p;
      } else if (o instanceof PEMKeyPair kp) {
        info = kp.getPrivateKeyInfo();
      } else if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw new PemException(source, "encrypted private keys are not supported");
      }
      if (info != null) {
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        try {
          return KeyFactory.getInstance(jcaName(oid, source))
              .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
          throw new PemException(source, "private key rejected", e);
        }
      }
    }
    throw new PemException(source, "no private key found");
  }

  /** Reads the first public key ({@code PUBLIC KEY}) or, failing that, a certificate's key. */
  public static PublicKey readPublicKey(Path file) throws PemException {
    return parsePublicKey(read(file), file.toString());
  }

  /** Parses a public key from a PEM text (SPKI, or the first certificate's key). */
  public static PublicKey parsePublicKey(String pem, String source) throws PemException {
    for (Object o : objects(pem, source)) {
      SubjectPublicKeyInfo spki = null;
      if (o instanceof SubjectPublicKeyInfo s) {
        spki = s;
      } else if (o instanceof X509CertificateHolder h) {
        spki = h.getSubjectPublicKeyInfo();
      }
      if (spki != null) {
        String oid = spki.getAlgorithm().getAlgorithm().getId();
        try {
          return KeyFactory.getInstance(jcaName(oid, source))
              .generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
          throw new PemException(source, "public key rejected", e);
        }
      }
    }
    throw new PemException(source, "no public key found");
  }

  /** Reads every certificate in the file, in order (leaf first for chains). */
  public static List<X509Certificate> readCertificates(Path file) throws PemException {
    return parseCertificates(read(file), file.toString());
  }

  /** Parses every certificate in a PEM text; at least one is required. */
  public static List<X509Certificate> parseCertificates(String pem, String source)
      throws PemException {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
    for (Object o : objects(pem, source)) {
      if (o instanceof X509CertificateHolder h) {
        try {
          out.add(conv.getCertificate(h));
        } catch (GeneralSecurityException e) {
          throw new PemException(source, "certificate rejected", e);
        }
      }
    }
    if (out.isEmpty()) {
      throw new PemException(source, "no certificate found");
    }
    return List.copyOf(out);
  }

  /** Parses one DER certificate. */
  public static X509Certificate certificateFromDer(byte[] der) throws GeneralSecurityException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  /** PEM text of a key or certificate (PKCS#8 for private keys, SPKI for public keys). */
  public static String write(Object keyOrCertificate) {
    Objects.requireNonNull(keyOrCertificate, "keyOrCertificate");
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      if (keyOrCertificate instanceof PrivateKey pk) {
        // Written as PKCS#8 by hand: BC's writer turns an EC PrivateKeyInfo into SEC1 and drops
        // the curve parameters, which the JDK then cannot read back.
        w.writeObject(new PemObject("PRIVATE KEY", pk.getEncoded()));
      } else if (keyOrCertificate instanceof PublicKey pub) {
        w.writeObject(new PemObject("PUBLIC KEY", pub.getEncoded()));
      } else {
        w.writeObject(keyOrCertificate);
      }
    } catch (IOException e) {
      throw new IllegalStateException("PEM encoding failed", e);
    }
    return sw.toString();
  }

  /** A fresh EC P-256 key pair. */
  public static KeyPair generateP256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 unavailable", e);
    }
  }

  /** A fresh Ed25519 key pair. */
  public static KeyPair generateEd25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
  }

  private static String jcaName(String oid, String source) throws PemException {
    return switch (oid) {
      case OID_EC -> "EC";
      case OID_RSA -> "RSA";
      case OID_ED25519 -> "Ed25519";
      default -> throw new PemException(source, "unsupported key algorithm " + oid);
    };
  }

  private static String read(Path file) throws PemException {
    Objects.requireNonNull(file, "file");
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new PemException(
          file.toString(), "cannot read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static List<Object> objects(String pem, String source) throws PemException {
    Objects.requireNonNull(pem, "pem");
    List<Object> out = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o;
      while ((o = p.readObject()) != null) {
        out.add(o);
      }
    } catch (IOException | RuntimeException e) {
      throw new PemException(source, "malformed PEM", e);
    }
    return out;
  }
}
