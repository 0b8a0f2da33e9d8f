package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.EcCurves;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import io.trustee.kbs.crypto.SecretFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.jce.ECNamedCurveTable;

/**
 * The attestation service's token signing key: an EC P-256 private key (ES256, as upstream
 * requires; attestation-service.md §5.5), its public key, the optional certificate chain that goes
 * into the header {@code jwk.x5c} and the optional {@code x5u}. Comes from the operator's PEM files
 * ({@code signer.key_path}/{@code cert_path}), or is generated once and kept in the data directory
 * so tokens stay verifiable across restarts.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the private key.
 */
public final class SigningKeyMaterial {
  /** File name used by {@link #loadOrCreate(Path)}. */
  public static final String KEY_FILE = "token-signer.key";

  private static final ECParameterSpec P256 = EcCurves.p256();

  private final ECPrivateKey privateKey;
  private final ECPublicKey publicKey;
  private final List<X509Certificate> chain;
  private final Optional<String> certUrl;

  private SigningKeyMaterial(
      ECPrivateKey privateKey, List<X509Certificate> chain, Optional<String> certUrl)
      throws SigningKeyException {
    this.privateKey = privateKey;
    this.publicKey = derivePublic(privateKey);
    this.chain = List.copyOf(chain);
    this.certUrl = Objects.requireNonNull(certUrl, "certUrl");
    if (!this.chain.isEmpty()
        && !java.util.Arrays.equals(
            this.chain.get(0).getPublicKey().getEncoded(), publicKey.getEncoded())) {
      throw new SigningKeyException("signer certificate does not match the signer key");
    }
  }

  /**
   * Loads the operator's key (PKCS#8 or SEC1 PEM, must be P-256) and optional certificate chain
   * (leaf first; the leaf must carry the key's public key).
   */
  public static SigningKeyMaterial fromPem(
      Path keyPath, Optional<Path> certPath, Optional<String> certUrl) throws SigningKeyException {
    PrivateKey key;
    try {
      key = Pem.readPrivateKey(keyPath);
    } catch (PemException e) {
      throw new SigningKeyException("signer.key_path " + e.getMessage(), e);
    }
    List<X509Certificate> chain = List.of();
    if (certPath.isPresent()) {
      try {
        chain = Pem.readCertificates(certPath.get());
      } catch (PemException e) {
        throw new SigningKeyException("signer.cert_path " + e.getMessage(), e);
      }
    }
    return new SigningKeyMaterial(requireP256(key, keyPath.toString()), chain, certUrl);
  }

  /**
   * Loads {@code dir/token-signer.key}, creating it (owner-only) with a fresh P-256 key on first
   * start. Two replicas sharing the directory end up with the same key.
   */
  public static SigningKeyMaterial loadOrCreate(Path dir) throws SigningKeyException {
    Path file = dir.resolve(KEY_FILE);
    try {
      if (!Files.exists(file)) {
        PrivateKey fresh = Pem.generateP256().getPrivate();
        SecretFiles.createOwnerOnly(file, Pem.write(fresh).getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      throw new SigningKeyException("cannot create " + file + ": " + e.getMessage(), e);
    }
    return fromPem(file, Optional.empty(), Optional.empty());
  }

  /**
   * The signer the configuration asks for: the operator's {@code signer.key_path} (+ {@code
   * cert_path}, {@code cert_url}) if set, else a key generated once in {@code dataDir}.
   */
  public static SigningKeyMaterial fromConfig(
      io.trustee.kbs.config.KbsConfig.Signer signer, Path dataDir) throws SigningKeyException {
    if (signer.keyPath().isPresent()) {
      return fromPem(signer.keyPath().get(), signer.certPath(), signer.certUrl());
    }
    SigningKeyMaterial m = loadOrCreate(dataDir);
    return signer.certUrl().isPresent() ? m.withCertificates(List.of(), signer.certUrl()) : m;
  }

  /** A fresh in-memory key (tests, or upstream's "ephemeral key per start" behaviour). */
  public static SigningKeyMaterial generate() {
    try {
      return new SigningKeyMaterial(
          (ECPrivateKey) Pem.generateP256().getPrivate(), List.of(), Optional.empty());
    } catch (SigningKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same key with a certificate chain (leaf first) and optional {@code x5u}. */
  public SigningKeyMaterial withCertificates(List<X509Certificate> chain, Optional<String> url)
      throws SigningKeyException {
    return new SigningKeyMaterial(privateKey, chain, url);
  }

  private static ECPrivateKey requireP256(PrivateKey key, String source)
      throws SigningKeyException {
    if (!(key instanceof ECPrivateKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 256
        || !ec.getParams().getCurve().equals(P256.getCurve())) {
      throw new SigningKeyException(
          source
              + ": the token signer key must be an EC P-256 key (ES256), got "
              + key.getAlgorithm());
    }
    return ec;
  }

  private static ECPublicKey derivePublic(ECPrivateKey key) throws SigningKeyException {
    var q = ECNamedCurveTable.getParameterSpec("P-256").getG().multiply(key.getS()).normalize();
    ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256));
    } catch (GeneralSecurityException e) {
      throw new SigningKeyException("cannot derive the signer public key", e);
    }
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  public ECPublicKey publicKey() {
    return publicKey;
  }

  /** The certificate chain, leaf first (possibly empty). */
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  public Optional<String> certUrl() {
    return certUrl;
  }

  /**
   * The key id: the RFC 7638 JWK thumbprint (SHA-256 over {@code {"crv","kty","x","y"}} in that
   * order, base64url without padding). Depends on the public key only, so every replica computes
   * the same id for the same key.
   */
  public String kid() {
    return thumbprint(publicKey);
  }

  /** RFC 7638 thumbprint of an EC public key, computed by Nimbus ({@code ECKey}). */
  public static String thumbprint(ECPublicKey key) {
    return EcJwk.thumbprint(key);
  }

  /** {@code {"kty","crv","alg":"ES256","x","y","kid"}} of a public key (no certificates). */
  public static ObjectNode thumbprintJwk(ECPublicKey key) {
    ObjectNode jwk = EcJwk.toJwk(key, "ES256");
    jwk.put("kid", thumbprint(key));
    return jwk;
  }

  /** The private key as PKCS#8 DER (for sealing into the key ring); the caller wipes it. */
  public byte[] privateKeyPkcs8() {
    return privateKey.getEncoded();
  }

  /** A key from PKCS#8 DER (unsealed from the key ring); must be P-256. */
  public static SigningKeyMaterial fromPkcs8(byte[] der, String source) throws SigningKeyException {
    PrivateKey key;
    try {
      key =
          KeyFactory.getInstance("EC")
              .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new SigningKeyException(source + ": not an EC private key", e);
    }
    return new SigningKeyMaterial(requireP256(key, source), List.of(), Optional.empty());
  }

  /**
   * The public JWK as it appears in the token header and in JWKS: {@code kty, crv, alg:"ES256", x,
   * y, kid[, x5c][, x5u]}; {@code x5c} entries are standard base64 DER.
   */
  public ObjectNode publicJwk() {
    ObjectNode jwk = EcJwk.toJwk(publicKey, "ES256");
    jwk.put("kid", kid());
    if (!chain.isEmpty()) {
      ArrayNode x5c = jwk.putArray("x5c");
      for (X509Certificate c : chain) {
        try {
          x5c.add(Base64.getEncoder().encodeToString(c.getEncoded()));
        } catch (CertificateEncodingException e) {
          throw new IllegalStateException("certificate cannot be encoded", e);
        }
      }
    }
    certUrl.ifPresent(u -> jwk.put("x5u", u));
    return jwk;
  }

  /** {@code {"keys":[publicJwk()]}} for {@code GET /.well-known/jwks.json}. */
  public ObjectNode publicJwks() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.putArray("keys").add(publicJwk());
    return o;
  }

  @Override
  public String toString() {
    BigInteger x = publicKey.getW().getAffineX();
    return "SigningKeyMaterial[P-256 x=" + x.toString(16) + ", " + chain.size() + " certs]";
  }
}
