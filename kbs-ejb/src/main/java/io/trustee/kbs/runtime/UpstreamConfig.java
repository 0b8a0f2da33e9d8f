package io.trustee.kbs.runtime;

import io.trustee.kbs.admin.AclRule;
import io.trustee.kbs.admin.AdminAuthorizer;
import io.trustee.kbs.admin.AdminTokenLifetime;
import io.trustee.kbs.admin.BearerJwtAuthorizer;
import io.trustee.kbs.admin.Ed25519Authorizer;
import io.trustee.kbs.admin.IdentityProvider;
import io.trustee.kbs.config.KbsConfig;
import io.trustee.kbs.config.KbsConfigException;
import io.trustee.kbs.config.KbsConfigFile;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The operator's upstream {@code kbs-config.toml} (or {@code .json}), named by {@code
 * KBS_CONFIG_FILE} / {@code kbs.config-file} or the launcher's {@code --config-file}: read once,
 * at first use, through {@link KbsConfigFile} (layouts F, A, B and C). Each accessor returns the
 * file's value for one setting, or empty when no file is configured; {@link KbsSettings} lets
 * MicroProfile Config win over it. A malformed file or a missing key file stops start-up with a
 * message naming the key; unknown keys are logged once and ignored.
 */
@ApplicationScoped
public class UpstreamConfig {
  private static final Logger LOG = Logger.getLogger(UpstreamConfig.class.getName());

  @Inject Config config;

  private volatile Optional<KbsConfig> loaded;

  /** The parsed file, if one is configured. */
  public Optional<KbsConfig> file() {
    Optional<KbsConfig> l = loaded;
    if (l == null) {
      synchronized (this) {
        if (loaded == null) {
          loaded = load();
        }
        l = loaded;
      }
    }
    return l;
  }

  private Optional<KbsConfig> load() {
    Optional<String> path =
        config.getOptionalValue("kbs.config-file", String.class).filter(s -> !s.isBlank());
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try {
      KbsConfig c = KbsConfigFile.load(Path.of(path.get()));
      LOG.info(() -> "kbs-config file " + path.get() + " (layout " + c.layout() + ")");
      c.unknownKeys().forEach(k -> LOG.warning(() -> "kbs-config: unknown key ignored: " + k));
      c.warnings().forEach(w -> LOG.warning(() -> "kbs-config: " + w));
      return Optional.of(c);
    } catch (KbsConfigException e) {
      throw new IllegalStateException("kbs-config file " + path.get() + ": " + e.getMessage(), e);
    }
  }

  public Optional<Duration> sessionTimeout() {
    return file().map(c -> Duration.ofMinutes(c.attestationService().sessionTimeoutMinutes()));
  }

  public Optional<Duration> tokenDuration() {
    return file().map(c -> Duration.ofMinutes(c.attestationService().tokenBroker().durationMin()));
  }

  public Optional<Path> tokenKeyFile() {
    return file().flatMap(c -> c.attestationService().tokenBroker().signer().keyPath());
  }

  /** {@code issuer_name} of the token broker, when a file is configured. */
  public Optional<String> tokenIssuer() {
    return file().map(c -> c.attestationService().tokenBroker().issuerName());
  }

  /** {@code signer.cert_url} of the token broker. */
  public Optional<String> tokenCertUrl() {
    return file().flatMap(c -> c.attestationService().tokenBroker().signer().certUrl());
  }

  public Optional<Path> tokenCertFile() {
    return file().flatMap(c -> c.attestationService().tokenBroker().signer().certPath());
  }

  public Optional<Boolean> insecureApi() {
    return file().map(c -> c.admin().mode() == KbsConfig.AdminMode.INSECURE_ALLOW_ALL);
  }

  public Optional<Path> adminPublicKey() {
    return file().flatMap(c -> c.admin().authPublicKey());
  }

  public Optional<Long> maxRequestBytes() {
    return file().map(c -> c.httpServer().payloadRequestSizeBytes());
  }

  public List<Path> trustedCertPaths() {
    return file().map(c -> c.attestationToken().trustedCertsPaths()).orElse(List.of());
  }

  public List<String> trustedJwkSets() {
    return file().map(c -> c.attestationToken().trustedJwkSets()).orElse(List.of());
  }

  public Optional<Boolean> insecureHeaderJwk() {
    return file().map(c -> c.attestationToken().insecureHeaderJwk());
  }

  public List<String> extraTeeKeyPaths() {
    return file().map(c -> c.attestationToken().extraTeekeyPaths()).orElse(List.of());
  }

  /** The LocalFs resource directory whose {@code <repo>/<type>/<tag>} files are imported. */
  public Optional<Path> legacyResourceDir() {
    return file()
        .flatMap(KbsConfig::resourcePlugin)
        .filter(p -> p.backend() == KbsConfig.ResourceBackend.LOCAL_FS)
        .flatMap(KbsConfig.ResourcePlugin::dirPath);
  }

  public Optional<Path> resourcePolicyFile() {
    return file().flatMap(KbsConfig::resourcePolicyPath);
  }

  /** The RVPS LocalJson file, imported and watched. */
  public Optional<Path> rvpsFile() {
    return file().flatMap(c -> c.attestationService().rvps().localJsonFile());
  }

  /**
   * The admin authorizer the file asks for, when it is one of the modes that differ from ours
   * (deny-all, personas, identity providers with ACLs). Insecure and single-key modes are handled
   * through {@link #insecureApi()} and {@link #adminPublicKey()}.
   */
  public Optional<AdminAuthorizer> adminAuthorizer(Clock clock, AdminTokenLifetime lifetime) {
    Optional<KbsConfig> c = file();
    if (c.isEmpty()) {
      return Optional.empty();
    }
    KbsConfig.Admin admin = c.get().admin();
    switch (admin.mode()) {
      case DENY_ALL:
        return Optional.of(AdminAuthorizer.denyAll());
      case SIMPLE_PERSONAS:
        Map<String, PublicKey> personas = new LinkedHashMap<>();
        for (KbsConfig.Persona p : admin.personas()) {
          personas.put(p.id(), readKey(p.publicKeyPath(), "admin.personas." + p.id()));
        }
        return Optional.of(Ed25519Authorizer.personas(personas, lifetime, clock));
      case AUTHENTICATED_AUTHORIZATION:
        List<IdentityProvider> providers = new ArrayList<>();
        for (KbsConfig.IdentityProviderEntry e : admin.identityProviders()) {
          try {
            providers.add(
                IdentityProvider.load(e.issuer(), e.audience(), e.publicKeyUri(), e.jwkSetUri()));
          } catch (IOException ex) {
            throw new IllegalStateException(
                "admin.authentication.bearer_jwt.identity_providers: " + ex.getMessage(), ex);
          }
        }
        List<AclRule> acls =
            admin.acls().stream().map(a -> AclRule.of(a.role(), a.allowedEndpoints())).toList();
        return Optional.of(new BearerJwtAuthorizer(providers, acls, lifetime, clock));
      default:
        return Optional.empty();
    }
  }

  private static PublicKey readKey(Path p, String key) {
    try {
      return Pem.readPublicKey(p);
    } catch (PemException e) {
      throw new IllegalStateException(key + ": " + e.getMessage(), e);
    }
  }
}
