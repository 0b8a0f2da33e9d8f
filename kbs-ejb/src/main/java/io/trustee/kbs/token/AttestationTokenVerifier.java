package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
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
 * <p>After the shape checks of {@link CompactJws}, Nimbus's {@link DefaultJWTProcessor} does the
 * work: the rules above are its {@link com.nimbusds.jose.proc.JWSKeySelector} (which returns the
 * one key for the one algorithm that configuration allows, or throws naming why not), Nimbus's
 * verifiers check the signature ({@link JwsSignatures#VERIFIERS}) and a {@link
 * DefaultJWTClaimsVerifier} checks {@code exp}. JWK Sets at https URLs are served by Nimbus's
 * caching, refreshing source ({@link JwkKeys#source}), so the issuer can rotate keys.
 *
 * <p>Construction fails closed: with no trust source at all (no certificates, no JWK sets, no own
 * key, insecure mode off) it throws. Immutable and thread-safe.
 */
public final class AttestationTokenVerifier {
  /** Leeway on {@code exp}. */
  public static final Duration LEEWAY = Duration.ofSeconds(60);

  private final List<X509Certificate> trustedCerts;
  private final JWKSource<SecurityContext> trustedJwks;
  private final int jwkSources;
  private final boolean insecureHeaderJwk;
  private final OwnSigningKeys ownKeys;
  private final DefaultJWTProcessor<Selection> processor;

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
    this(
        trustedCerts,
        trustedJwks,
        insecureHeaderJwk,
        OwnSigningKeys.of(Objects.requireNonNull(ownKey, "ownKey")),
        clock);
  }

  /**
   * @param ownKeys our own signing keys (the key ring): a token whose header {@code kid} names one
   *     is verified with it (ES256, our configuration; a header {@code jwk}, if any, must be the
   *     same key), and a header {@code jwk} that is one of them is trusted
   * @throws IllegalArgumentException if a trusted JWK is not a valid JWK
   */
  public AttestationTokenVerifier(
      List<X509Certificate> trustedCerts,
      List<JsonNode> trustedJwks,
      boolean insecureHeaderJwk,
      OwnSigningKeys ownKeys,
      Clock clock) {
    this(trustedCerts, insecureHeaderJwk, staticJwks(trustedJwks), ownKeys, clock);
  }

  private AttestationTokenVerifier(
      List<X509Certificate> trustedCerts,
      boolean insecureHeaderJwk,
      List<JWKSource<SecurityContext>> jwkSources,
      OwnSigningKeys ownKeys,
      Clock clock) {
    this.trustedCerts = List.copyOf(trustedCerts);
    List<JWKSource<SecurityContext>> sources = List.copyOf(jwkSources);
    this.jwkSources = sources.size();
    this.trustedJwks =
        (selector, ctx) -> {
          for (JWKSource<SecurityContext> s : sources) {
            List<JWK> found = s.get(selector, ctx);
            if (!found.isEmpty()) {
              return found;
            }
          }
          return List.of();
        };
    this.insecureHeaderJwk = insecureHeaderJwk;
    this.ownKeys = Objects.requireNonNull(ownKeys, "ownKeys");
    Objects.requireNonNull(clock, "clock");
    if (this.trustedCerts.isEmpty()
        && sources.isEmpty()
        && !insecureHeaderJwk
        && !ownKeys.present()) {
      throw new IllegalArgumentException(
          "no token trust source: configure trusted_certs_paths, trusted_jwk_sets, "
              + "insecure_header_jwk or trust the built-in signer");
    }
    this.processor = new DefaultJWTProcessor<>();
    // Upstream checks no typ: tokens of external attestation services may carry any.
    processor.setJWSTypeVerifier((type, ctx) -> {});
    processor.setJWSKeySelector((header, sel) -> select(header, sel, clock));
    processor.setJWSVerifierFactory(JwsSignatures.VERIFIERS);
    processor.setJWTClaimsSetVerifier(new ExpVerifier(clock));
  }

  private static List<JWKSource<SecurityContext>> staticJwks(List<JsonNode> jwks) {
    if (jwks.isEmpty()) {
      return List.of();
    }
    List<JWK> keys = new ArrayList<>();
    for (JsonNode j : jwks) {
      try {
        keys.add(JWK.parse(j.toString()));
      } catch (ParseException e) {
        throw new IllegalArgumentException("trusted JWK is invalid: " + e.getMessage(), e);
      }
    }
    return List.of(new ImmutableJWKSet<>(new JWKSet(keys)));
  }

  /**
   * Builds a verifier from the {@code [attestation_token]} settings, reading the PEM files and
   * local JWK Sets now (start-up); https JWK Sets are checked now and then served by a caching,
   * refreshing Nimbus source.
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
    List<JWKSource<SecurityContext>> sources = new ArrayList<>();
    for (String uri : trustedJwkSets) {
      sources.add(JwkKeys.source(uri));
    }
    return new AttestationTokenVerifier(certs, insecureHeaderJwk, sources, ownKeys, clock);
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
    if (!JwsSignatures.ASYMMETRIC.contains(jws.alg())) {
      throw new TokenVerificationException("bad algorithm", "alg is not an accepted algorithm");
    }
    requireX5cLeafCarriesJwk(jws.header().get("jwk"));
    Selection sel = new Selection();
    try {
      processor.process(jws.jwt(), sel);
    } catch (Rejected e) {
      throw new TokenVerificationException(e.reason, e.getMessage());
    } catch (ExpRejected e) {
      throw new TokenVerificationException("expired", e.getMessage());
    } catch (BadJWSException e) {
      throw new TokenVerificationException("bad signature", null);
    } catch (BadJWTException e) {
      throw new TokenVerificationException("malformed", e.getMessage());
    } catch (BadJOSEException e) {
      throw new TokenVerificationException("untrusted key", e.getMessage());
    } catch (KeySourceException e) {
      throw new TokenVerificationException("untrusted key", "JWK set unavailable", e);
    } catch (JOSEException e) {
      throw new TokenVerificationException("bad signature", e.getClass().getSimpleName(), e);
    }
    return new VerifiedToken(jws.payload(), sel.own);
  }

  /** The key selector: the rules of the class comment, for the one algorithm they allow. */
  private List<? extends Key> select(JWSHeader header, Selection sel, Clock clock)
      throws KeySourceException {
    String kid = header.getKeyID();
    JWK headerJwk = header.getJWK();
    Optional<PublicKey> ownByKid = kid != null ? ownKeys.byKid(kid) : Optional.empty();
    PublicKey key;
    String alg;
    if (ownByKid.isPresent()) {
      // Our own key ring: the algorithm is ours (ES256), never the token's choice.
      key = ownByKid.get();
      if (headerJwk != null && !Arrays.equals(keyOf(headerJwk).getEncoded(), key.getEncoded())) {
        throw new Rejected("untrusted key", "header jwk differs from kid key");
      }
      if (!(key instanceof ECPublicKey)) {
        throw new Rejected("bad algorithm", "own key is not an EC key");
      }
      alg = "ES256";
      sel.own = true;
    } else if (headerJwk != null) {
      key = keyOf(headerJwk);
      sel.own = ownKeys.isOwn(key);
      if (!sel.own && !trustedHeaderKey(headerJwk, clock)) {
        throw new Rejected("untrusted key", "header jwk is not trusted");
      }
      alg = algOf(headerJwk);
    } else {
      if (kid == null) {
        throw new Rejected("untrusted key", "no jwk and no kid in header");
      }
      List<JWK> found =
          trustedJwks.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), sel);
      if (found.isEmpty()) {
        throw new Rejected("untrusted key", "kid not in trusted JWK sets");
      }
      key = keyOf(found.get(0));
      alg = algOf(found.get(0));
    }
    if (!alg.equals(header.getAlgorithm().getName())) {
      throw new Rejected("bad algorithm", "header alg differs from jwk alg");
    }
    if (!JwsSignatures.ASYMMETRIC.contains(alg) || !JwsSignatures.fits(alg, key)) {
      throw new Rejected("bad algorithm", alg + " not allowed for this key");
    }
    return List.of(key);
  }

  private static String algOf(JWK jwk) throws Rejected {
    if (jwk.getAlgorithm() == null) {
      throw new Rejected("bad algorithm", "selected jwk has no alg");
    }
    return jwk.getAlgorithm().getName();
  }

  private static PublicKey keyOf(JWK jwk) throws Rejected {
    try {
      return JwkKeys.toPublicKey(jwk);
    } catch (IllegalArgumentException e) {
      throw new Rejected("malformed", e.getMessage());
    }
  }

  /**
   * A header {@code jwk} whose {@code x5c} leaf carries another key is refused as untrusted before
   * Nimbus parses the header (Nimbus would call it malformed).
   */
  private static void requireX5cLeafCarriesJwk(JsonNode jwk) throws TokenVerificationException {
    if (jwk == null || !jwk.isObject() || !jwk.path("x5c").isArray() || jwk.get("x5c").isEmpty()) {
      return;
    }
    JsonNode leafB64 = jwk.get("x5c").get(0);
    PublicKey key;
    X509Certificate leaf;
    try {
      key = JwkKeys.toPublicKey(((ObjectNode) jwk.deepCopy()).without(List.of("x5c")));
      leaf = Pem.certificateFromDer(decodeLenient(leafB64.asText()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new TokenVerificationException("malformed", "header jwk or its x5c leaf is invalid");
    }
    if (!Arrays.equals(leaf.getPublicKey().getEncoded(), key.getEncoded())) {
      throw new TokenVerificationException("untrusted key", "x5c leaf does not carry the jwk key");
    }
  }

  private boolean trustedHeaderKey(JWK jwk, Clock clock) throws Rejected {
    if (insecureHeaderJwk) {
      return true;
    }
    if (trustedCerts.isEmpty()) {
      return false;
    }
    List<X509Certificate> chain = jwk.getParsedX509CertChain();
    if (chain == null || chain.isEmpty()) {
      throw new Rejected("untrusted key", "header jwk has no x5c chain");
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
      throw new Rejected("untrusted key", "x5c chain does not validate");
    }
  }

  /** Standard base64 as RFC 7517 says; upstream also tolerates base64url and line breaks. */
  private static byte[] decodeLenient(String s) {
    String clean = s.replaceAll("\\s", "").replace('-', '+').replace('_', '/');
    return Base64.getDecoder().decode(clean);
  }

  /** Per-call context: whether the selected key is one of ours. */
  private static final class Selection implements SecurityContext {
    private boolean own;
  }

  /** The key selector's refusal, with our reason. */
  private static final class Rejected extends KeySourceException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    Rejected(String reason, String detail) {
      super(detail);
      this.reason = reason;
    }
  }

  private static final class ExpRejected extends BadJWTException {
    private static final long serialVersionUID = 1L;

    ExpRejected(String message) {
      super(message);
    }
  }

  /**
   * {@code exp} required, checked by Nimbus with {@link #LEEWAY} at the injected clock's time;
   * {@code nbf}, {@code aud} and {@code iss} are not checked (upstream behaviour).
   */
  private static final class ExpVerifier extends DefaultJWTClaimsVerifier<Selection> {
    private final Clock clock;

    ExpVerifier(Clock clock) {
      super(null, null, Set.of(), null);
      this.clock = clock;
      setMaxClockSkew((int) LEEWAY.getSeconds());
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet claims, Selection ctx) throws BadJWTException {
      if (claims.getExpirationTime() == null) {
        throw new ExpRejected("exp claim missing");
      }
      try {
        super.verify(new JWTClaimsSet.Builder(claims).notBeforeTime(null).build(), ctx);
      } catch (BadJWTException e) {
        throw new ExpRejected("token expired");
      }
    }
  }

  @Override
  public String toString() {
    return "AttestationTokenVerifier["
        + trustedCerts.size()
        + " certs, "
        + jwkSources
        + " jwk sources, insecureHeaderJwk="
        + insecureHeaderJwk
        + ", ownKeys="
        + ownKeys.present()
        + "]";
  }
}
