package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.config.KbsConfig;
import io.trustee.kbs.resource.ResourceCipherException;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.store.StoredSigningKey;
import io.trustee.kbs.token.AttestationTokenVerifier;
import io.trustee.kbs.token.CompactJws;
import io.trustee.kbs.token.EarTokenSigner;
import io.trustee.kbs.token.OwnSigningKeys;
import io.trustee.kbs.token.ResourceTokenRules;
import io.trustee.kbs.token.SessionTokenCache;
import io.trustee.kbs.token.SigningKeyException;
import io.trustee.kbs.token.SigningKeyMaterial;
import io.trustee.kbs.token.SigningKeyRing;
import io.trustee.kbs.token.TeeKeyLocator;
import io.trustee.kbs.token.TokenVerificationException;
import io.trustee.kbs.token.VerifiedToken;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The token keys of this server: the signing key ring (shared by every replica through the
 * database, {@link SigningKeyRingService}), the verifier of Bearer tokens (our ring plus the
 * configured trust anchors) and the TEE-key locator. Loaded when the container creates the bean (at
 * start, {@link KbsStartup#init()}); a missing or wrong key file stops start-up with a message
 * naming the setting.
 *
 * <p>The operator's key ({@code kbs.token.key-file}, else a P-256 key created once in {@code
 * <data>/keys}) is imported into the ring at start (see {@link SigningKeyRingService} for when it
 * becomes active). The ring is re-read from the database when the cached copy is older than {@link
 * #REFRESH} or, at most once per {@link #MISS_REFRESH}, when a token names a kid this replica does
 * not know, so a rotation through one replica is used by all within seconds and without restarts.
 * If the database cannot be read, the last ring is kept.
 *
 * <p>Thread-safe: the ring is one immutable snapshot behind a volatile field, replaced under the
 * bean's lock; the rest is set once, when the bean is created.
 */
@ApplicationScoped
public class TokenKeys implements OwnSigningKeys {
  private static final Logger LOG = Logger.getLogger(TokenKeys.class.getName());

  /** Maximum age of the cached ring. */
  public static final Duration REFRESH = Duration.ofSeconds(5);

  /** Minimum time between re-reads caused by an unknown kid. */
  public static final Duration MISS_REFRESH = Duration.ofSeconds(1);

  @Inject KbsSettings settings;
  @Inject Clock clock;
  @Inject ResourceVault vault;
  @Inject SigningKeyRingService ringService;

  /** The ring, the signer of its active key and when it was read. */
  private record Snapshot(SigningKeyRing ring, EarTokenSigner signer, Instant readAt) {}

  private volatile Snapshot snapshot;
  private volatile Instant lastMissRefresh = Instant.EPOCH;
  private Optional<SigningKeyMaterial> configured = Optional.empty();
  private AttestationTokenVerifier verifier;
  private TeeKeyLocator locator;
  private ResourceTokenRules resourceRules;
  private SessionTokenCache sessionTokens;

  /** Loads or creates the keys (the container calls it once, when it creates the bean). */
  @PostConstruct
  void init() {
    KbsConfig.Signer signer =
        new KbsConfig.Signer(
            settings.tokenKeyFile(), settings.tokenCertFile(), settings.tokenCertUrl());
    Path dir = settings.dataDir().resolve("keys");
    try {
      SigningKeyMaterial material = SigningKeyMaterial.fromConfig(signer, dir);
      if (signer.keyPath().isPresent()) {
        Path keyFile = signer.keyPath().get();
        configured = Optional.of(material);
        boolean added = importKey(material, "file", false);
        LOG.info(
            () ->
                "token signing key: "
                    + keyFile
                    + " (configured), kid "
                    + material.kid()
                    + (added ? ", imported into the key ring as the active key" : ""));
      } else {
        boolean added = importKey(material, "generated", true);
        LOG.info(
            () ->
                added
                    ? "token signing key: "
                        + dir.resolve(SigningKeyMaterial.KEY_FILE)
                        + ", kid "
                        + material.kid()
                        + " (created on first start; set kbs.token.key-file to use your own)"
                    : "token signing key: the key ring in the database");
      }
    } catch (SigningKeyException e) {
      throw new IllegalStateException("kbs.token.key-file / signer.key_path: " + e.getMessage(), e);
    }
    Snapshot first = read();
    this.snapshot = first;
    LOG.info(
        () ->
            "token signing key ring: active kid "
                + first.ring().active().kid()
                + ", "
                + first.ring().entries().size()
                + " key(s)");
    AttestationTokenVerifier v;
    try {
      v =
          AttestationTokenVerifier.fromConfig(
              new KbsConfig.AttestationToken(
                  settings.trustedCertPaths(),
                  settings.trustedJwkSets(),
                  settings.insecureHeaderJwk(),
                  settings.extraTeeKeyPaths()),
              this,
              clock);
    } catch (IOException e) {
      throw new IllegalStateException("[attestation_token]: " + e.getMessage(), e);
    }
    ResourceTokenRules rules;
    try {
      // Validated now so that a bound the token could not carry stops start-up, not /attest.
      int initData = settings.maxInitDataBytes();
      settings.publicBaseUrl(); // checked at start, not at the first discovery request
      LOG.info(() -> "attest: init-data up to " + initData + " bytes");
      rules =
          new ResourceTokenRules(
              settings.trustedPolicyIds(),
              settings.tokenIssuer(),
              settings.asApiIssuer(),
              settings.acceptAsApiTokens());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    if (rules.anyPolicy()) {
      LOG.warning(
          "INSECURE: kbs.resource.trusted-policy-ids=* - tokens appraised under any attestation "
              + "policy (or none) open secrets");
    } else {
      LOG.info(() -> "resource tokens: appraisal policies " + rules.trustedPolicyIds());
    }
    if (rules.acceptAsApiTokens()) {
      LOG.warning(
          "kbs.resource.accept-as-api-tokens=true: tokens of POST /attestation (no KBS challenge) "
              + "open secrets when their policy id is trusted");
    }
    this.resourceRules = rules;
    this.locator = new TeeKeyLocator(settings.extraTeeKeyPaths());
    this.sessionTokens = new SessionTokenCache(settings.sessionTokenCacheSize());
    this.verifier = v;
  }

  /**
   * Imports a key; two replicas importing the same key at once both succeed (the loser of the
   * insert race finds the winner's row).
   */
  private boolean importKey(SigningKeyMaterial material, String source, boolean onlyIfEmpty) {
    try {
      return ringService.importIfAbsent(material, source, onlyIfEmpty);
    } catch (RuntimeException e) {
      if (ringService.all().stream().anyMatch(k -> k.kid().equals(material.kid()))) {
        return false;
      }
      throw new IllegalStateException(
          "token signing key ring: cannot store the key: " + e.getMessage(), e);
    }
  }

  /** Reads the ring and prepares the signer of its active key. */
  private Snapshot read() {
    List<StoredSigningKey> stored = ringService.all();
    SigningKeyRing ring = SigningKeyRingService.ring(stored);
    String activeKid = ring.active().kid();
    Snapshot old = snapshot;
    EarTokenSigner signer;
    if (old != null && old.signer().keyMaterial().kid().equals(activeKid)) {
      signer = old.signer();
    } else if (configured.isPresent() && configured.get().kid().equals(activeKid)) {
      signer = new EarTokenSigner(configured.get());
    } else {
      StoredSigningKey row =
          stored.stream().filter(k -> k.kid().equals(activeKid)).findFirst().orElseThrow();
      try {
        SigningKeyMaterial m = SigningKeyRingService.unseal(vault.cipher(), row);
        Optional<String> certUrl = settings.tokenCertUrl();
        if (configured.isEmpty() && certUrl.isPresent()) {
          // upstream: cert_url without key_path goes with the (generated) signing key
          m = m.withCertificates(List.of(), certUrl);
        }
        signer = new EarTokenSigner(m);
      } catch (ResourceCipherException | SigningKeyException e) {
        throw new IllegalStateException(
            "token signing key " + activeKid + ": " + e.getMessage(), e);
      }
    }
    return new Snapshot(ring, signer, clock.instant());
  }

  /** Re-reads the ring now (after a rotation through this replica). */
  public synchronized void refreshNow() {
    snapshot = read();
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    if (Duration.between(s.readAt(), clock.instant()).compareTo(REFRESH) >= 0) {
      s = tryRefresh(s);
    }
    return s;
  }

  private synchronized Snapshot tryRefresh(Snapshot seen) {
    if (snapshot != seen) {
      return snapshot;
    }
    try {
      snapshot = read();
      if (!snapshot.ring().active().kid().equals(seen.ring().active().kid())) {
        LOG.info(() -> "token signing key ring: active kid now " + snapshot.ring().active().kid());
      }
    } catch (RuntimeException e) {
      LOG.warning(
          () -> "token signing key ring not re-read (keeping the last one): " + e.getMessage());
      snapshot = new Snapshot(seen.ring(), seen.signer(), clock.instant());
    }
    return snapshot;
  }

  /** How long a retired key keeps verifying: the token lifetime plus the verifier's leeway. */
  public Duration grace() {
    return settings.tokenDuration().plus(AttestationTokenVerifier.LEEWAY);
  }

  @Override
  public Optional<PublicKey> byKid(String kid) {
    Snapshot s = current();
    Optional<SigningKeyRing.Entry> e = s.ring().verifier(kid, clock.instant(), grace());
    if (e.isEmpty() && !s.ring().contains(kid)) {
      Instant now = clock.instant();
      if (Duration.between(lastMissRefresh, now).compareTo(MISS_REFRESH) >= 0) {
        lastMissRefresh = now;
        e = tryRefresh(s).ring().verifier(kid, now, grace());
      }
    }
    return e.map(SigningKeyRing.Entry::publicKey);
  }

  @Override
  public boolean isOwn(PublicKey key) {
    return key instanceof ECPublicKey ec
        && current().ring().verifierFor(ec, clock.instant(), grace()).isPresent();
  }

  @Override
  public boolean present() {
    return true;
  }

  /** The ring as last read (refreshed when stale). */
  public SigningKeyRing ring() {
    return current().ring();
  }

  public boolean loaded() {
    return snapshot != null;
  }

  /** The signer of the active key. */
  public EarTokenSigner signer() {
    return current().signer();
  }

  public AttestationTokenVerifier verifier() {
    return verifier;
  }

  /**
   * Signs an EAR payload with the active key and remembers the token as verified for the session
   * path ({@link #verifySessionToken}): this JVM has just signed it.
   */
  public String signSessionToken(ObjectNode payload) {
    EarTokenSigner signer = signer();
    String token = signer.sign(payload);
    sessionTokens.remember(token, new VerifiedToken(payload, true), signer.keyMaterial().kid());
    return token;
  }

  /**
   * The token of an attested RCAR session, verified with its signature the first time this JVM sees
   * it and then taken from {@link SessionTokenCache} while it is unexpired and its key is in the
   * ring. A Bearer token must go through {@link #verifier()} every time.
   */
  public VerifiedToken verifySessionToken(String token) throws TokenVerificationException {
    Optional<VerifiedToken> hit =
        sessionTokens.recall(token, clock.instant(), kid -> byKid(kid).isPresent());
    if (hit.isPresent()) {
      return hit.get();
    }
    VerifiedToken verified = verifier.verifyToken(token);
    if (verified.ownKey()) {
      var kid = CompactJws.parse(token).header().get("kid");
      if (kid != null && kid.isTextual()) {
        sessionTokens.remember(token, verified, kid.textValue());
      }
    }
    return verified;
  }

  /** Which verified tokens may open secrets (policy ids, issuers). */
  public ResourceTokenRules resourceRules() {
    return resourceRules;
  }

  public TeeKeyLocator teeKeyLocator() {
    return locator;
  }

  /** The verifying keys of the ring, active first (the active one with its x5c/x5u). */
  public String publicJwksJson() {
    Snapshot s = current();
    return s.ring()
        .publicJwks(clock.instant(), grace(), s.signer().keyMaterial().publicJwk())
        .toString();
  }
}
