package io.trustee.kbs.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Every setting of the KBS, read through MicroProfile Config (so an environment variable such as
 * {@code KBS_SESSION_TIMEOUT} overrides {@code kbs.session.timeout}), falling back to the
 * operator's upstream {@code kbs-config.toml} when one is given ({@link UpstreamConfig}), then to
 * the documented default. The README has the table of keys.
 *
 * <p>Values are read on each call (MicroProfile Config caches them); nothing is held here, so the
 * bean is thread-safe.
 */
@ApplicationScoped
public class KbsSettings {

  @Inject Config config;
  @Inject UpstreamConfig upstream;

  private Optional<String> string(String key) {
    return config.getOptionalValue(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
  }

  private boolean bool(String key, Optional<Boolean> fromUpstream, boolean dflt) {
    return config.getOptionalValue(key, Boolean.class).or(() -> fromUpstream).orElse(dflt);
  }

  private Duration duration(String key, Optional<Duration> fromUpstream, Duration dflt) {
    return string(key).map(KbsSettings::parseDuration).or(() -> fromUpstream).orElse(dflt);
  }

  /** ISO-8601 ({@code PT5M}) or a plain number of minutes ({@code 5}), as upstream counts. */
  static Duration parseDuration(String s) {
    if (s.matches("\\d+")) {
      return Duration.ofMinutes(Long.parseLong(s));
    }
    try {
      return Duration.parse(s);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a duration (use minutes, e.g. 5, or ISO-8601, e.g. PT5M): " + s, e);
    }
  }

  /** {@code kbs.data.dir}: keys, TLS keystore, embedded database. */
  public Path dataDir() {
    return Path.of(string("kbs.data.dir").orElse("data")).toAbsolutePath();
  }

  /** {@code kbs.session.timeout}, default 5 minutes (upstream {@code timeout}). */
  public Duration sessionTimeout() {
    return duration("kbs.session.timeout", upstream.sessionTimeout(), Duration.ofMinutes(5));
  }

  /** {@code kbs.token.duration}, default 5 minutes (upstream {@code duration_min}). */
  public Duration tokenDuration() {
    return duration("kbs.token.duration", upstream.tokenDuration(), Duration.ofMinutes(5));
  }

  /** {@code kbs.token.key-file}: PEM EC P-256 signing key of the operator (upstream signer). */
  public Optional<Path> tokenKeyFile() {
    return string("kbs.token.key-file").map(Path::of).or(upstream::tokenKeyFile);
  }

  /** {@code kbs.token.cert-file}: PEM certificate chain of the signing key, leaf first. */
  public Optional<Path> tokenCertFile() {
    return string("kbs.token.cert-file").map(Path::of).or(upstream::tokenCertFile);
  }

  /** {@code kbs.admin.insecure-api}: admin endpoints without credentials (warned at start). */
  public boolean insecureApi() {
    return bool("kbs.admin.insecure-api", upstream.insecureApi(), false);
  }

  /**
   * {@code kbs.as-api.public}: the standalone AS API ({@code POST /attestation}, {@code POST
   * /challenge}) without admin credentials. Default false: it mints tokens our own KBS trusts.
   */
  public boolean asApiPublic() {
    return bool("kbs.as-api.public", Optional.empty(), false);
  }

  /**
   * {@code kbs.metrics.public}: {@code GET /metrics} without admin credentials (upstream's default,
   * {@code require_admin_auth_metrics = false}). Default false here.
   */
  public boolean metricsPublic() {
    return bool("kbs.metrics.public", Optional.empty(), false);
  }

  /** {@code kbs.admin.auth-public-key}: Ed25519 PEM public key of the admin (Red Hat mode). */
  public Optional<Path> adminPublicKey() {
    return string("kbs.admin.auth-public-key").map(Path::of).or(upstream::adminPublicKey);
  }

  /** {@code kbs.admin.idp.issuer} (else {@code mp.jwt.verify.issuer}): identity-provider tokens. */
  public Optional<String> idpIssuer() {
    return string("kbs.admin.idp.issuer").or(() -> string("mp.jwt.verify.issuer"));
  }

  /**
   * {@code kbs.admin.idp.key-location} (else {@code mp.jwt.verify.publickey.location}): a PEM
   * public key or a JWKS file of the identity provider.
   */
  public Optional<String> idpKeyLocation() {
    return string("kbs.admin.idp.key-location")
        .or(() -> string("mp.jwt.verify.publickey.location"));
  }

  /** {@code kbs.admin.idp.audience} (else {@code mp.jwt.verify.audiences}). */
  public Optional<String> idpAudience() {
    return string("kbs.admin.idp.audience").or(() -> string("mp.jwt.verify.audiences"));
  }

  /** {@code kbs.admin.idp.groups-claim}, default {@code groups}. */
  public String idpGroupsClaim() {
    return string("kbs.admin.idp.groups-claim").orElse("groups");
  }

  /** {@code kbs.admin.idp.admin-groups}: groups/roles that grant admin, default kbs-admin. */
  public List<String> idpAdminGroups() {
    return string("kbs.admin.idp.admin-groups").map(s -> List.of(s.split("\\s*,\\s*")))
        .orElse(List.of("kbs-admin"));
  }

  /** {@code kbs.resource.allow-rsa1_5}: serve RSA1_5 (legacy guests), default false. */
  public boolean allowRsa15() {
    return bool("kbs.resource.allow-rsa1_5", Optional.empty(), false);
  }

  /** {@code kbs.kek.file}: the key-encryption key of secrets at rest (created for dev). */
  public Path kekFile() {
    return string("kbs.kek.file").map(Path::of).orElse(dataDir().resolve("secrets/kek.b64"));
  }

  /** {@code KBS_KEK} / {@code kbs.kek}: the key-encryption key as base64 (wins over the file). */
  public Optional<String> kekBase64() {
    return string("kbs.kek");
  }

  /** {@code kbs.max-request-bytes}: request body limit, default 2 MiB. */
  public long maxRequestBytes() {
    return config.getOptionalValue("kbs.max-request-bytes", Long.class)
        .or(upstream::maxRequestBytes)
        .orElse(2L * 1024 * 1024);
  }

  /** {@code kbs.token.trusted-certs}: comma-separated PEM trust anchors for Bearer tokens. */
  public List<Path> trustedCertPaths() {
    return string("kbs.token.trusted-certs")
        .map(s -> List.of(s.split("\\s*,\\s*")).stream().map(Path::of).toList())
        .orElseGet(upstream::trustedCertPaths);
  }

  /** {@code kbs.token.trusted-jwk-sets}: comma-separated JWK Set files or URLs for Bearer tokens. */
  public List<String> trustedJwkSets() {
    return string("kbs.token.trusted-jwk-sets")
        .map(s -> List.of(s.split("\\s*,\\s*")))
        .orElseGet(upstream::trustedJwkSets);
  }

  /** {@code kbs.token.insecure-header-jwk}: trust a token's own header key (tests only). */
  public boolean insecureHeaderJwk() {
    return bool("kbs.token.insecure-header-jwk", upstream.insecureHeaderJwk(), false);
  }

  /** {@code kbs.token.extra-teekey-paths}: JSON pointers tried first to find the TEE key. */
  public List<String> extraTeeKeyPaths() {
    return string("kbs.token.extra-teekey-paths")
        .map(s -> List.of(s.split("\\s*,\\s*")))
        .orElseGet(upstream::extraTeeKeyPaths);
  }

  /** {@code kbs.resource.legacy-dir}: an upstream LocalFs resource directory imported at start. */
  public Optional<Path> legacyResourceDir() {
    return string("kbs.resource.legacy-dir").map(Path::of).or(upstream::legacyResourceDir);
  }

  /** {@code kbs.resource.policy-file}: a Rego resource policy installed at start if none stored. */
  public Optional<Path> resourcePolicyFile() {
    return string("kbs.resource.policy-file").map(Path::of).or(upstream::resourcePolicyFile);
  }

  /** {@code kbs.rvps.publisher-keys}: comma-separated PEM files of reference-value publishers. */
  public List<Path> rvpsPublisherKeys() {
    return string("kbs.rvps.publisher-keys")
        .map(s -> List.of(s.split("\\s*,\\s*")).stream().map(Path::of).toList())
        .orElse(List.of());
  }

  /** {@code kbs.rvps.require-signed}: refuse unsigned reference-value registrations. */
  public boolean rvpsRequireSigned() {
    return bool("kbs.rvps.require-signed", Optional.empty(), false);
  }

  /** {@code kbs.rvps.file}: a reference-value file (R1-R4) imported at start and on change. */
  public Optional<Path> rvpsFile() {
    return string("kbs.rvps.file").map(Path::of).or(upstream::rvpsFile);
  }

  /** {@code kbs.amd.certs-dir} (env KBS_AMD_CERTS_DIR): AMD ASK/ARK chains per generation. */
  public Path amdCertsDir() {
    return string("kbs.amd.certs-dir").map(Path::of).orElse(dataDir().resolve("amd"));
  }

  /** {@code kbs.amd.allow-unpinned-roots}: accept non-official ARKs (tests and labs only). */
  public boolean amdAllowUnpinnedRoots() {
    return bool("kbs.amd.allow-unpinned-roots", Optional.empty(), false);
  }

  /** {@code kbs.appraisal.retention}: how long "why denied" records are kept, default 7 days. */
  public Duration appraisalRetention() {
    return duration("kbs.appraisal.retention", Optional.empty(), Duration.ofDays(7));
  }
}
