package io.trustee.kbs.service;

import io.trustee.kbs.admin.AdminAuthException;
import io.trustee.kbs.admin.AdminAuthorizer;
import io.trustee.kbs.admin.AdminAuthorizers;
import io.trustee.kbs.admin.AdminMode;
import io.trustee.kbs.admin.AdminPrincipal;
import io.trustee.kbs.admin.AdminTokenLifetime;
import io.trustee.kbs.admin.CompositeAuthorizer;
import io.trustee.kbs.admin.Ed25519Authorizer;
import io.trustee.kbs.admin.GroupsClaimAuthorizer;
import io.trustee.kbs.admin.IdentityProvider;
import io.trustee.kbs.config.KbsConfig;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import io.trustee.kbs.crypto.SecretFiles;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.util.LogSafe;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Admin authentication for every admin endpoint, called by the web layer's {@code AdminAuthFilter}
 * for every resource method not marked public or guest (deny by default), with the request path (no
 * query string) as the target that ACLs match. No admin endpoint is reachable without credentials
 * unless {@code kbs.admin.insecure-api} (or upstream {@code insecure_api = true} / {@code
 * InsecureAllowAll}) is set explicitly, which is logged as a warning at every start and on every
 * call.
 *
 * <p>Accepted credentials ({@code Authorization: Bearer <JWT>}): (a) the Red Hat documented mode,
 * an EdDSA JWT verified with the Ed25519 {@code auth_public_key} ({@code
 * kbs.admin.auth-public-key}); when none is configured a key pair is created on first start in
 * {@code <data>/admin/} and its paths are logged; (b) tokens of an identity provider ({@code
 * kbs.admin.idp.*}, falling back to the {@code mp.jwt.verify.*} keys) whose groups claim names an
 * admin group; (c) the upstream {@code AuthenticatedAuthorization} / personas / {@code DenyAll}
 * modes of a kbs-config.toml, built by {@link AdminAuthorizers#fromConfig}. The authorizer is built
 * when the container creates the bean (at start, {@link KbsStartup}) and never changes.
 */
@ApplicationScoped
public class AdminGuard {
  private static final Logger LOG = Logger.getLogger(AdminGuard.class.getName());
  static final String PRIVATE_KEY = "admin-private.pem";
  static final String PUBLIC_KEY = "admin-public.pem";

  /**
   * The kbs-config admin modes that replace ours; insecure and single-key modes come through {@code
   * kbs.admin.insecure-api} and {@code kbs.admin.auth-public-key}.
   */
  private static final Set<KbsConfig.AdminMode> FILE_MODES =
      Set.of(
          KbsConfig.AdminMode.DENY_ALL,
          KbsConfig.AdminMode.SIMPLE_PERSONAS,
          KbsConfig.AdminMode.AUTHENTICATED_AUTHORIZATION);

  @Inject KbsSettings settings;
  @Inject Clock clock;

  private AdminAuthorizer authorizer;

  /** Builds the authorizer from configuration (the container calls it once, at start). */
  @PostConstruct
  void init() {
    AdminTokenLifetime lifetime = tokenLifetime();
    Optional<KbsConfig.Admin> fromFile =
        settings.configFile().map(KbsConfig::admin).filter(a -> FILE_MODES.contains(a.mode()));
    if (settings.insecureApi()) {
      authorizer = AdminAuthorizer.insecureAllowAll();
    } else if (fromFile.isPresent()) {
      try {
        authorizer = AdminAuthorizers.fromConfig(fromFile.get(), lifetime, clock);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalStateException("kbs-config [admin]: " + e.getMessage(), e);
      }
    } else {
      List<AdminAuthorizer> modes = new ArrayList<>();
      modes.add(Ed25519Authorizer.legacyKey(adminPublicKey(), lifetime, clock));
      identityProvider(lifetime).ifPresent(modes::add);
      authorizer = new CompositeAuthorizer(modes);
    }
    if (insecure()) {
      LOG.warning(
          "INSECURE: the admin API accepts requests without credentials (insecure_api / "
              + "kbs.admin.insecure-api). Never use this outside a lab.");
    }
    LOG.info(() -> "admin authentication: " + authorizer.describe());
  }

  public boolean insecure() {
    return mode() == AdminMode.INSECURE_ALLOW_ALL;
  }

  /** How admin requests are decided. */
  public AdminMode mode() {
    return authorizer.mode();
  }

  public boolean loaded() {
    return authorizer != null;
  }

  /**
   * Lets the request through or throws 401 with {@code failureType} ({@code AdminAuthAccess} on
   * built-in admin endpoints, {@code AdminAuthInitialization} on plugin routes, as upstream).
   */
  public AdminPrincipal require(
      Optional<String> authorization, String requestTarget, KbsError failureType) {
    try {
      AdminPrincipal p = authorizer.authorize(authorization, requestTarget);
      if (insecure()) {
        LOG.warning(
            () -> "INSECURE: unauthenticated admin request " + LogSafe.escape(requestTarget));
      }
      return p;
    } catch (AdminAuthException e) {
      LOG.info(
          () ->
              "admin request refused: "
                  + LogSafe.escape(requestTarget)
                  + ": "
                  + LogSafe.escape(e.getMessage()));
      throw new KbsException(failureType, "admin authentication failed: " + e.getMessage());
    }
  }

  private PublicKey adminPublicKey() {
    Optional<Path> configured = settings.adminPublicKey();
    if (configured.isPresent()) {
      try {
        PublicKey k = Pem.readPublicKey(configured.get());
        LOG.info(() -> "admin public key: " + configured.get() + " (configured)");
        return k;
      } catch (PemException e) {
        throw new IllegalStateException(
            "kbs.admin.auth-public-key / auth_public_key: " + e.getMessage(), e);
      }
    }
    Path dir = settings.dataDir().resolve("admin");
    Path priv = dir.resolve(PRIVATE_KEY);
    Path pub = dir.resolve(PUBLIC_KEY);
    try {
      if (!Files.exists(pub)) {
        KeyPair kp = Pem.generateEd25519();
        SecretFiles.createOwnerOnly(
            priv, Pem.write(kp.getPrivate()).getBytes(StandardCharsets.US_ASCII));
        SecretFiles.createOwnerOnly(
            pub, Pem.write(kp.getPublic()).getBytes(StandardCharsets.US_ASCII));
        LOG.info(
            () ->
                "admin key pair created: private "
                    + priv
                    + ", public "
                    + pub
                    + " (sign EdDSA admin tokens with the private key)");
      } else {
        LOG.info(() -> "admin public key: " + pub + " (private key " + priv + ")");
      }
      return Pem.readPublicKey(pub);
    } catch (IOException | PemException e) {
      throw new IllegalStateException("admin key pair in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The admin token time rules of every mode; the legacy switch that re-allows tokens without
   * {@code exp} is warned at every start.
   */
  private AdminTokenLifetime tokenLifetime() {
    AdminTokenLifetime lifetime;
    try {
      lifetime =
          new AdminTokenLifetime(
              settings.adminMaxTokenLifetime(), settings.adminAllowTokensWithoutExp());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    if (lifetime.allowMissingExp()) {
      LOG.warning(
          "INSECURE: kbs.admin.allow-tokens-without-exp=true - admin tokens without exp are "
              + "accepted and never expire; mint tokens with exp and turn this off");
    }
    LOG.info(() -> "admin tokens: exp at most " + lifetime.maxLifetime() + " ahead");
    return lifetime;
  }

  private Optional<AdminAuthorizer> identityProvider(AdminTokenLifetime lifetime) {
    Optional<String> location = settings.idpKeyLocation();
    if (location.isEmpty()) {
      return Optional.empty();
    }
    String loc = location.get();
    boolean jwks = loc.endsWith(".json") || loc.contains("jwks");
    try {
      IdentityProvider p =
          IdentityProvider.load(
              settings.idpIssuer(),
              settings.idpAudience(),
              jwks ? Optional.empty() : Optional.of(loc),
              jwks ? Optional.of(loc) : Optional.empty());
      LOG.info(
          () ->
              "admin identity provider: issuer "
                  + settings.idpIssuer().orElse("(any)")
                  + ", keys "
                  + loc
                  + ", admin groups "
                  + settings.idpAdminGroups());
      return Optional.of(
          new GroupsClaimAuthorizer(
              p, settings.idpGroupsClaim(), settings.idpAdminGroups(), lifetime, clock));
    } catch (IOException e) {
      throw new IllegalStateException("kbs.admin.idp.key-location: " + e.getMessage(), e);
    }
  }
}
