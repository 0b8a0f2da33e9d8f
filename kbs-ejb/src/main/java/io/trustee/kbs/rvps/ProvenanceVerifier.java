package io.trustee.kbs.rvps;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import io.trustee.kbs.crypto.Digests;
import io.trustee.kbs.util.Bytes;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Verifies the signed provenance of registration messages (format: {@link RegistrationMessage})
 * against configured publisher public keys.
 *
 * <p>The algorithm is never taken from the JWS header alone: each key admits only the algorithms of
 * its type — EC P-256 → ES256, P-384 → ES384, P-521 → ES512; RSA (≥ 2048 bits) → PS256, PS384,
 * PS512, RS256, RS384, RS512; Ed25519 → EdDSA / Ed25519 — intersected with the configured
 * allow-list, and the header's {@code alg} must be in that set for the key to be tried. A signature
 * is accepted if any configured key verifies it. With {@code requireSigned}, unsigned messages are
 * refused; without it they are accepted, but a signature that is present must verify.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProvenanceVerifier {
  /** Default allow-list: every algorithm listed above. */
  public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS =
      Set.of(
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.EdDSA,
          JWSAlgorithm.parse("Ed25519"));

  private static final int MIN_RSA_BITS = 2048;

  private final List<PublicKey> keys;
  private final Set<JWSAlgorithm> allowed;
  private final boolean requireSigned;

  /**
   * @param keys publisher keys (may be empty only if {@code requireSigned} is false)
   * @param allowed configured algorithm allow-list (non-empty)
   */
  public ProvenanceVerifier(
      List<PublicKey> keys, Set<JWSAlgorithm> allowed, boolean requireSigned) {
    this.keys = List.copyOf(keys);
    this.allowed = Set.copyOf(allowed);
    this.requireSigned = requireSigned;
    if (this.allowed.isEmpty()) {
      throw new IllegalArgumentException("provenance: the algorithm allow-list is empty");
    }
    if (requireSigned && this.keys.isEmpty()) {
      throw new IllegalArgumentException("provenance: requireSigned without any publisher key");
    }
    for (PublicKey k : this.keys) {
      if (algorithmsFor(k).isEmpty()) {
        throw new IllegalArgumentException(
            "provenance: publisher key "
                + fingerprint(k)
                + " ("
                + k.getAlgorithm()
                + ") admits none of the allowed algorithms "
                + this.allowed);
      }
    }
  }

  /** Accepts unsigned messages and has no keys: every signature present fails. */
  public static ProvenanceVerifier unsignedAllowed() {
    return new ProvenanceVerifier(List.of(), DEFAULT_ALGORITHMS, false);
  }

  /** Reads every {@code PUBLIC KEY} or {@code CERTIFICATE} block of a PEM text. */
  public static List<PublicKey> readPublicKeys(String pem) {
    List<PublicKey> out = new ArrayList<>();
    JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof SubjectPublicKeyInfo spki) {
          out.add(conv.getPublicKey(spki));
        } else if (o instanceof X509CertificateHolder cert) {
          out.add(conv.getPublicKey(cert.getSubjectPublicKeyInfo()));
        } else {
          throw new IllegalArgumentException(
              "provenance: unexpected PEM object " + o.getClass().getSimpleName());
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("provenance: unreadable PEM: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("provenance: no public key in the PEM text");
    }
    return out;
  }

  public boolean requireSigned() {
    return requireSigned;
  }

  /**
   * Checks the message's provenance.
   *
   * @return the SHA-256 SPKI fingerprint (hex) of the key that verified, or empty for an accepted
   *     unsigned message
   * @throws UnsignedProvenanceException if unsigned and signatures are required
   * @throws ProvenanceException if a signature is present and does not verify
   */
  public Optional<String> verify(RegistrationMessage message) throws ProvenanceException {
    if (message.signature().isEmpty()) {
      if (requireSigned) {
        throw new UnsignedProvenanceException("the registration message");
      }
      return Optional.empty();
    }
    String[] parts = message.signature().get().split("\\.", -1);
    if (parts.length != 3 || !parts[1].isEmpty()) {
      throw new ProvenanceException(
          "must be a compact JWS with a detached (empty) payload: <header>..<signature>");
    }
    JWSObject jws;
    try {
      jws =
          new JWSObject(
              new Base64URL(parts[0]),
              new Payload(message.signingInput()),
              new Base64URL(parts[2]));
    } catch (ParseException e) {
      throw new ProvenanceException("malformed JWS header: " + e.getMessage(), e);
    }
    JWSHeader h = jws.getHeader();
    if (!h.isBase64URLEncodePayload() || h.getCriticalParams() != null) {
      throw new ProvenanceException("the header must not use \"b64\": false or \"crit\"");
    }
    JWSAlgorithm alg = h.getAlgorithm();
    if (!allowed.contains(alg)) {
      throw new ProvenanceException(
          "algorithm " + alg + " is not allowed (allowed: " + allowed + ")");
    }
    boolean tried = false;
    for (PublicKey key : keys) {
      if (!algorithmsFor(key).contains(alg)) {
        continue;
      }
      tried = true;
      if (verifyWith(key, jws)) {
        return Optional.of(fingerprint(key));
      }
    }
    throw new ProvenanceException(
        tried
            ? "the signature does not verify with any configured publisher key"
            : "no configured publisher key admits algorithm " + alg);
  }

  private static boolean verifyWith(PublicKey key, JWSObject jws) throws ProvenanceException {
    try {
      if (key instanceof ECPublicKey ec) {
        return jws.verify(new ECDSAVerifier(ec));
      }
      if (key instanceof RSAPublicKey rsa) {
        return jws.verify(new RSASSAVerifier(rsa));
      }
      // Ed25519: Nimbus' Ed25519Verifier needs Google Tink, which we do not ship; the JDK
      // (Java 15+) verifies the JWS signing input directly.
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(jws.getSigningInput());
      return s.verify(jws.getSignature().decode());
    } catch (JOSEException e) {
      throw new ProvenanceException("signature check failed: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Algorithms the key's type admits, intersected with the configured allow-list. */
  Set<JWSAlgorithm> algorithmsFor(PublicKey key) {
    Set<JWSAlgorithm> byType;
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      byType =
          switch (bits) {
            case 256 -> Set.of(JWSAlgorithm.ES256);
            case 384 -> Set.of(JWSAlgorithm.ES384);
            case 521 -> Set.of(JWSAlgorithm.ES512);
            default -> Set.of();
          };
    } else if (key instanceof RSAPublicKey rsa) {
      byType =
          rsa.getModulus().bitLength() < MIN_RSA_BITS
              ? Set.of()
              : Set.of(
                  JWSAlgorithm.PS256,
                  JWSAlgorithm.PS384,
                  JWSAlgorithm.PS512,
                  JWSAlgorithm.RS256,
                  JWSAlgorithm.RS384,
                  JWSAlgorithm.RS512);
    } else if ("Ed25519".equalsIgnoreCase(key.getAlgorithm())
        || "EdDSA".equalsIgnoreCase(key.getAlgorithm()) && key.getEncoded().length == 44) {
      byType = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.parse("Ed25519"));
    } else {
      byType = Set.of();
    }
    Set<JWSAlgorithm> out = new java.util.HashSet<>(byType);
    out.retainAll(allowed);
    return out;
  }

  /** Hex SHA-256 of the key's SubjectPublicKeyInfo. */
  public static String fingerprint(PublicKey key) {
    return Bytes.toHex(Digests.sha256(key.getEncoded()));
  }

  @Override
  public String toString() {
    return "ProvenanceVerifier[" + keys.size() + " keys, requireSigned=" + requireSigned + "]";
  }
}
