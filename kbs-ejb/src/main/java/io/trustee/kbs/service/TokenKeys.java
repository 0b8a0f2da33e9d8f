package io.trustee.kbs.service;

import io.trustee.kbs.as.EarConfig;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.token.AttestationTokenVerifier;
import io.trustee.kbs.token.EarTokenSigner;
import io.trustee.kbs.token.ResourceTokenRules;
import io.trustee.kbs.token.SigningKeyException;
import io.trustee.kbs.token.SigningKeyMaterial;
import io.trustee.kbs.token.TeeKeyLocator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The token keys of this server: the EAR signer (the operator's {@code token.key}/{@code
 * token.crt} when configured, else a P-256 key created once in {@code <data>/keys}), the verifier
 * of Bearer tokens (our own key plus the configured trust anchors) and the TEE-key locator.
 * Loaded by {@link KbsStartup#init()}; a missing or wrong key file stops start-up with a message
 * naming the setting.
 *
 * <p>Thread-safe: the fields are written once at start-up (under the bean's lock) and the objects
 * they hold are immutable.
 */
@ApplicationScoped
public class TokenKeys {
  private static final Logger LOG = Logger.getLogger(TokenKeys.class.getName());

  @Inject KbsSettings settings;
  @Inject Clock clock;

  private volatile EarTokenSigner signer;
  private volatile AttestationTokenVerifier verifier;
  private volatile TeeKeyLocator locator;
  private volatile ResourceTokenRules resourceRules;

  /** Loads or creates the keys. Idempotent. */
  public synchronized void load() {
    if (signer != null) {
      return;
    }
    SigningKeyMaterial material;
    try {
      Optional<Path> keyFile = settings.tokenKeyFile();
      if (keyFile.isPresent()) {
        material =
            SigningKeyMaterial.fromPem(keyFile.get(), settings.tokenCertFile(), Optional.empty());
        LOG.info(() -> "token signing key: " + keyFile.get() + " (configured)");
      } else {
        Path dir = settings.dataDir().resolve("keys");
        material = SigningKeyMaterial.loadOrCreate(dir);
        LOG.info(
            () -> "token signing key: " + dir.resolve(SigningKeyMaterial.KEY_FILE)
                + " (created on first start; set kbs.token.key-file to use your own)");
      }
    } catch (SigningKeyException e) {
      throw new IllegalStateException("kbs.token.key-file / signer.key_path: " + e.getMessage(), e);
    }
    AttestationTokenVerifier v;
    try {
      v =
          AttestationTokenVerifier.fromSources(
              settings.trustedCertPaths(),
              settings.trustedJwkSets(),
              settings.insecureHeaderJwk(),
              Optional.of(material.publicKey()),
              clock);
    } catch (IOException e) {
      throw new IllegalStateException("[attestation_token]: " + e.getMessage(), e);
    }
    ResourceTokenRules rules;
    try {
      // Validated now so that a bound the token could not carry stops start-up, not /attest.
      int initData = settings.maxInitDataBytes();
      LOG.info(() -> "attest: init-data up to " + initData + " bytes");
      rules =
          new ResourceTokenRules(
              settings.trustedPolicyIds(),
              EarConfig.DEFAULTS.issuer(),
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
    this.verifier = v;
    this.signer = new EarTokenSigner(material);
  }

  public boolean loaded() {
    return signer != null;
  }

  public EarTokenSigner signer() {
    requireLoaded();
    return signer;
  }

  public AttestationTokenVerifier verifier() {
    requireLoaded();
    return verifier;
  }

  /** Which verified tokens may open secrets (policy ids, issuers). */
  public ResourceTokenRules resourceRules() {
    requireLoaded();
    return resourceRules;
  }

  public TeeKeyLocator teeKeyLocator() {
    requireLoaded();
    return locator;
  }

  public String publicJwksJson() {
    return signer().keyMaterial().publicJwks().toString();
  }

  private void requireLoaded() {
    if (signer == null) {
      throw new IllegalStateException("token keys are not loaded yet");
    }
  }
}
