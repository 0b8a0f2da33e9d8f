package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies attestation tokens presented to the resource endpoint (kbs-protocol.md §8.4):
 *
 * <ol>
 *   <li>header {@code kid} names one of our own key-ring keys ({@link OwnSigningKeys}, active or
 *       retired within its grace): that key verifies, with ES256 (our configuration); a header
 *       {@code jwk} must then be the same key;
 *   <li>header {@code jwk} present: trusted if it is our own signer's key (so the built-in AS's
 *       tokens verify without configuration), else if {@code insecure_header_jwk}, else only with
 *       an {@code x5c} chain whose leaf carries the same key and which validates (PKIX, signatures
 *       and validity at "now", no revocation) to a configured trusted certificate;
 *   <li>no {@code jwk}: the header {@code kid} selects a key from the trusted JWK Sets;
 *   <li>the algorithm is the selected JWK's {@code alg} member, must equal the header {@code alg},
 *       must fit the key type, and is never {@code none} or HMAC;
 *   <li>{@code exp} is required and checked with 60 s leeway; {@code nbf}, {@code aud}, {@code iss}
 *       are not checked (upstream behaviour).
 * </ol>
 *
 * <p>Construction fails closed: with no trust source at all (no certificates, no JWK sets, no own
 * key, insecure mode off) it throws. Immutable and thread-safe.
 */
public final class AttestationTokenVerifier {
  /** Leeway on {@code exp}. */
  public static final Duration LEEWAY = Duration.ofSeconds(60);

  private final List<X509Certificate> trustedCerts;
  private final List<JsonNode> trustedJwks;
  private final boolean insecureHeaderJwk;
  private final OwnSigningKeys ownKeys;
  private final Clock clock;

  /**
   * @param trustedCerts trust anchors for header {@code jwk} + {@code x5c} tokens
   * @param trustedJwks keys (JWK objects) for {@code kid}-identified tokens
   * @param insecureHeaderJwk trust any header {@code jwk} without a chain (tests only)
   * @param ownKey our own token signer's public key, trusted as a header {@code jwk}
   * @param clock time source for {@code exp} and certificate validity
   */
  public AttestationTokenVerifier(
      List<X509Certificate> trustedCerts,
      List<JsonNode> trustedJwks,
      boolean insecureHeaderJwk,
      Optional<PublicKey> ownKey,
      Clock clock) {
    this(trustedCerts, trustedJwks, insecureHeaderJwk,
        OwnSigningKeys.of(Objects.requireNonNull(ownKey, "ownKey")), clock);
  }

  /**
   * @param ownKeys our own signing keys (the key ring): a token whose header {@code kid} names one
   *     is verified with it (ES256, our configuration; a header {@code jwk}, if any, must be the
   *     same key), and a header {@code jwk} that is one of them is trusted
   */
  public AttestationTokenVerifier(
      List<X509Certificate> trustedCerts,
      List<JsonNode> trustedJwks,
      boolean insecureHeaderJwk,
      OwnSigningKeys ownKeys,
      Clock clock) {
    this.trustedCerts = List.copyOf(trustedCerts);
    this.trustedJwks = trustedJwks.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    this.insecureHeaderJwk = insecureHeaderJwk;
    this.ownKeys = Objects.requireNonNull(ownKeys, "ownKeys");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (this.trustedCerts.isEmpty()
        && this.trustedJwks.isEmpty()
        && !insecureHeaderJwk
        && !ownKeys.present()) {
      throw new IllegalArgumentException(
          "no token trust source: configure trusted_certs_paths, trusted_jwk_sets, "
              + "insecure_header_jwk or trust the built-in signer");
    }
  }

  /**
   * Builds a verifier from the {@code [attestation_token]} settings, reading the PEM files and JWK
   * Sets now (start-up).
   *
   * @throws IOException naming the file or URL that cannot be read
   */
  public static AttestationTokenVerifier fromSources(
      List<Path> trustedCertsPaths,
      List<String> trustedJwkSets,
      boolean insecureHeaderJwk,
      OwnSigningKeys ownKeys,
      Clock clock)
      throws IOException {
    List<X509Certificate> certs = new ArrayList<>();
    for (Path p : trustedCertsPaths) {
      try {
        certs.addAll(Pem.readCertificates(p));
      } catch (PemException e) {
        throw new IOException("trusted_certs_paths: " + e.getMessage(), e);
      }
    }
    List<JsonNode> jwks = new ArrayList<>();
    for (String uri : trustedJwkSets) {
      jwks.addAll(JwkKeys.loadJwkSet(uri));
    }
    return new AttestationTokenVerifier(certs, jwks, insecureHeaderJwk, ownKeys, clock);
  }

  /** {@link #fromSources(List, List, boolean, OwnSigningKeys, Clock)} with one fixed own key. */
  public static AttestationTokenVerifier fromSources(
      List<Path> trustedCertsPaths,
      List<String> trustedJwkSets,
      boolean insecureHeaderJwk,
      Optional<PublicKey> ownKey,
      Clock clock)
      throws IOException {
    return fromSources(
        trustedCertsPaths, trustedJwkSets, insecureHeaderJwk, OwnSigningKeys.of(ownKey), clock);
  }

  /**
   * Builds a verifier from the {@code [attestation_token]} settings; {@code ownKeys} are the
   * built-in AS's signer keys (always trusted, kbs-config.md §6.2).
   */
  public static AttestationTokenVerifier fromConfig(
      io.trustee.kbs.config.KbsConfig.AttestationToken cfg, OwnSigningKeys ownKeys, Clock clock)
      throws IOException {
    return fromSources(
        cfg.trustedCertsPaths(), cfg.trustedJwkSets(), cfg.insecureHeaderJwk(), ownKeys, clock);
  }

  /**
   * Verifies {@code token} and returns its claims.
   *
   * @throws TokenVerificationException with a short reason; the token is never included
   */
  public ObjectNode verify(String token) throws TokenVerificationException {
    return verifyToken(token).claims();
  }

  /**
   * Verifies {@code token} and returns its claims together with whether our own signer's key
   * verified it (so that the caller can tell tokens this server minted from foreign ones).
   *
   * @throws TokenVerificationException with a short reason; the token is never included
   */
  public VerifiedToken verifyToken(String token) throws TokenVerificationException {
    CompactJws jws = CompactJws.parse(token);
    ObjectNode header = jws.header();
    JsonNode selected;
    PublicKey key;
    boolean own = false;
    JsonNode headerKid = header.get("kid");
    Optional<PublicKey> ownByKid =
        headerKid != null && headerKid.isTextual()
            ? ownKeys.byKid(headerKid.textValue())
            : Optional.empty();
    if (ownByKid.isPresent()) {
      // Our own key ring: the algorithm is ours (ES256), never the token's choice.
      key = ownByKid.get();
      if (header.has("jwk")
          && !Arrays.equals(keyOf(header.get("jwk")).getEncoded(), key.getEncoded())) {
        throw new TokenVerificationException("untrusted key", "header jwk differs from kid key");
      }
      if (!(key instanceof java.security.interfaces.ECPublicKey ec)) {
        throw new TokenVerificationException("bad algorithm", "own key is not an EC key");
      }
      selected = EcJwk.toJwk(ec, "ES256");
      own = true;
    } else if (header.has("jwk")) {
      selected = header.get("jwk");
      key = keyOf(selected);
      own = ownKeys.isOwn(key);
      if (!own && !trustedHeaderKey(selected, key)) {
        throw new TokenVerificationException("untrusted key", "header jwk is not trusted");
      }
    } else {
      JsonNode kid = header.get("kid");
      if (kid == null || !kid.isTextual()) {
        throw new TokenVerificationException("untrusted key", "no jwk and no kid in header");
      }
      selected =
          trustedJwks.stream()
              .filter(j -> kid.textValue().equals(j.path("kid").asText(null)))
              .findFirst()
              .orElseThrow(
                  () ->
                      new TokenVerificationException(
                          "untrusted key", "kid not in trusted JWK sets"));
      key = keyOf(selected);
    }
    JsonNode jwkAlg = selected.get("alg");
    if (jwkAlg == null || !jwkAlg.isTextual()) {
      throw new TokenVerificationException("bad algorithm", "selected jwk has no alg");
    }
    String alg = jwkAlg.textValue();
    if (!alg.equals(jws.alg())) {
      throw new TokenVerificationException("bad algorithm", "header alg differs from jwk alg");
    }
    if (!JwsSignatures.ASYMMETRIC.contains(alg) || !JwsSignatures.fits(alg, key)) {
      throw new TokenVerificationException("bad algorithm", alg + " not allowed for this key");
    }
    try {
      if (!JwsSignatures.verify(alg, key, jws.signingInput(), jws.signature())) {
        throw new TokenVerificationException("bad signature", null);
      }
    } catch (GeneralSecurityException e) {
      throw new TokenVerificationException("bad signature", e.getClass().getSimpleName(), e);
    }
    ObjectNode claims = jws.payload();
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.isNumber()) {
      throw new TokenVerificationException("expired", "exp claim missing");
    }
    Instant now = clock.instant();
    if (now.getEpochSecond() > exp.asLong() + LEEWAY.getSeconds()) {
      throw new TokenVerificationException("expired", "token expired");
    }
    return new VerifiedToken(claims, own);
  }

  private static PublicKey keyOf(JsonNode jwk) throws TokenVerificationException {
    try {
      return JwkKeys.toPublicKey(jwk);
    } catch (IllegalArgumentException e) {
      throw new TokenVerificationException("malformed", e.getMessage());
    }
  }

  private boolean trustedHeaderKey(JsonNode jwk, PublicKey key) throws TokenVerificationException {
    if (ownKeys.isOwn(key)) {
      return true;
    }
    if (insecureHeaderJwk) {
      return true;
    }
    if (trustedCerts.isEmpty()) {
      return false;
    }
    JsonNode x5c = jwk.get("x5c");
    if (x5c == null || !x5c.isArray() || x5c.isEmpty()) {
      throw new TokenVerificationException("untrusted key", "header jwk has no x5c chain");
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (JsonNode c : x5c) {
      if (!c.isTextual()) {
        throw new TokenVerificationException("malformed", "x5c entry is not a string");
      }
      try {
        chain.add(Pem.certificateFromDer(decodeLenient(c.textValue())));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new TokenVerificationException("malformed", "x5c entry is not a certificate");
      }
    }
    if (!Arrays.equals(chain.get(0).getPublicKey().getEncoded(), key.getEncoded())) {
      throw new TokenVerificationException("untrusted key", "x5c leaf does not carry the jwk key");
    }
    if (trustedCerts.contains(chain.get(0))) {
      return true;
    }
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      for (X509Certificate t : trustedCerts) {
        anchors.add(new TrustAnchor(t, null));
      }
      PKIXParameters params = new PKIXParameters(anchors);
      // No CRL/OCSP: the chain is the AS's own signer, usually issued by an offline CA; upstream
      // (OpenSSL defaults) does not check revocation either.
      params.setRevocationEnabled(false);
      params.setDate(Date.from(clock.instant()));
      CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
      CertPathValidator.getInstance("PKIX").validate(path, params);
      return true;
    } catch (GeneralSecurityException e) {
      throw new TokenVerificationException("untrusted key", "x5c chain does not validate");
    }
  }

  /** Standard base64 as RFC 7517 says; upstream also tolerates base64url and line breaks. */
  private static byte[] decodeLenient(String s) {
    String clean = s.replaceAll("\\s", "").replace('-', '+').replace('_', '/');
    return Base64.getDecoder().decode(clean);
  }

  @Override
  public String toString() {
    return "AttestationTokenVerifier["
        + trustedCerts.size()
        + " certs, "
        + trustedJwks.size()
        + " jwks, insecureHeaderJwk="
        + insecureHeaderJwk
        + ", ownKeys="
        + ownKeys.present()
        + "]";
  }
}
