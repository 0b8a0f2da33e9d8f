package io.trustee.kbs.runtime;

import io.trustee.kbs.as.AttestationRequest;
import io.trustee.kbs.as.EarConfig;
import io.trustee.kbs.attestation.spi.VerifierSettings;
import io.trustee.kbs.config.KbsConfig;
import io.trustee.kbs.token.CompactJws;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Every setting of the KBS, read through MicroProfile Config (so an environment variable such as
 * {@code KBS_SESSION_TIMEOUT} overrides {@code kbs.session.timeout}), then the documented default.
 * The operator's upstream {@code kbs-config.toml} is one of the config sources ({@link
 * KbsConfigFileSource}, below environment variables); only its admin personas, identity providers
 * and ACLs are read as the parsed file ({@link #configFile()}). The README has the tables of keys.
 *
 * <p>Values are read on each call (MicroProfile Config caches them); nothing is held here, so the
 * bean is thread-safe.
 */
@ApplicationScoped
public class KbsSettings {
  /**
   * Upper bound of {@code kbs.attest.max-init-data-bytes}: init-data claims reach the token JSON
   * (escaping may grow them) and are then base64url-encoded (× 4/3), so half of the token limit
   * leaves room for them and for the evidence claims.
   */
  public static final int MAX_INIT_DATA_BYTES_LIMIT = CompactJws.MAX_LENGTH / 2;

  @Inject Config config;

  private Optional<String> string(String key) {
    return config.getOptionalValue(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
  }

  private boolean bool(String key, boolean dflt) {
    return config.getOptionalValue(key, Boolean.class).orElse(dflt);
  }

  private Duration duration(String key, Duration dflt) {
    return string(key).map(KbsSettings::parseDuration).orElse(dflt);
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

  /** {@code kbs.config-file} (env {@code KBS_CONFIG_FILE}): the upstream kbs-config file. */
  public Optional<Path> configFilePath() {
    return string(KbsConfigFileSource.FILE_KEY).map(Path::of);
  }

  /**
   * The parsed kbs-config file, if one is configured: for the sections that stay structured (admin
   * personas, identity providers, ACLs). Read anew on each call (start-up only).
   *
   * @throws IllegalStateException naming the file and the key that is wrong
   */
  public Optional<KbsConfig> configFile() {
    return configFilePath().map(KbsConfigFileSource::read);
  }

  /** {@code kbs.data.dir}: keys, TLS keystore, embedded database. */
  public Path dataDir() {
    return Path.of(string("kbs.data.dir").orElse("data")).toAbsolutePath();
  }

  /** {@code kbs.session.timeout}, default 5 minutes (upstream {@code timeout}). */
  public Duration sessionTimeout() {
    return duration("kbs.session.timeout", Duration.ofMinutes(5));
  }

  /** {@code kbs.token.duration}, default 5 minutes (upstream {@code duration_min}). */
  public Duration tokenDuration() {
    return duration("kbs.token.duration", Duration.ofMinutes(5));
  }

  /** {@code kbs.token.key-file}: PEM EC P-256 signing key of the operator (upstream signer). */
  public Optional<Path> tokenKeyFile() {
    return string("kbs.token.key-file").map(Path::of);
  }

  /** {@code kbs.token.cert-file}: PEM certificate chain of the signing key, leaf first. */
  public Optional<Path> tokenCertFile() {
    return string("kbs.token.cert-file").map(Path::of);
  }

  /** {@code kbs.admin.insecure-api}: admin endpoints without credentials (warned at start). */
  public boolean insecureApi() {
    return bool("kbs.admin.insecure-api", false);
  }

  /**
   * {@code kbs.as-api.public}: the standalone AS API ({@code POST /attestation}, {@code POST
   * /challenge}) without admin credentials. Default false: it mints tokens our own KBS trusts.
   */
  public boolean asApiPublic() {
    return bool("kbs.as-api.public", false);
  }

  /**
   * {@code kbs.metrics.public}: {@code GET /metrics} without admin credentials (upstream's default,
   * {@code require_admin_auth_metrics = false}). Default false here.
   */
  public boolean metricsPublic() {
    return bool("kbs.metrics.public", false);
  }

  /** {@code kbs.admin.auth-public-key}: Ed25519 PEM public key of the admin (Red Hat mode). */
  public Optional<Path> adminPublicKey() {
    return string("kbs.admin.auth-public-key").map(Path::of);
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
    return string("kbs.admin.idp.admin-groups")
        .map(s -> List.of(s.split("\\s*,\\s*")))
        .orElse(List.of("kbs-admin"));
  }

  /**
   * {@code kbs.admin.max-token-lifetime}: admin tokens whose {@code exp} lies further in the future
   * are refused, default 24 hours.
   */
  public Duration adminMaxTokenLifetime() {
    return duration("kbs.admin.max-token-lifetime", Duration.ofHours(24));
  }

  /**
   * {@code kbs.admin.allow-tokens-without-exp}: legacy switch that accepts admin tokens without
   * {@code exp} (warned at start), default false.
   */
  public boolean adminAllowTokensWithoutExp() {
    return bool("kbs.admin.allow-tokens-without-exp", false);
  }

  /**
   * {@code kbs.resource.allow-rsa1_5}: serve RSA1_5 TEE keys (0.1.x guests need it), default true
   * as upstream. The KBS only encrypts with RSA1_5; the padding oracle would be the guest.
   */
  public boolean allowRsa15() {
    return bool("kbs.resource.allow-rsa1_5", true);
  }

  /**
   * {@code kbs.resource.trusted-policy-ids}: comma-separated EAR appraisal policy ids whose tokens
   * may open secrets, default {@code default} ({@code *} = any, warned).
   */
  public Set<String> trustedPolicyIds() {
    return string("kbs.resource.trusted-policy-ids")
        .map(s -> Set.copyOf(List.of(s.split("\\s*,\\s*"))))
        .orElse(Set.of(AttestationRequest.DEFAULT_POLICY_ID));
  }

  /**
   * {@code kbs.as-api.issuer}: the {@code iss} of tokens from the standalone AS API, default the
   * KBS issuer + {@code /as}; must differ from the KBS issuer.
   */
  public String asApiIssuer() {
    return string("kbs.as-api.issuer").orElse(tokenIssuer() + "/as");
  }

  /**
   * {@code kbs.resource.accept-as-api-tokens}: let tokens of the AS API open secrets (their policy
   * id must still be trusted), default false.
   */
  public boolean acceptAsApiTokens() {
    return bool("kbs.resource.accept-as-api-tokens", false);
  }

  /**
   * {@code kbs.attest.max-init-data-bytes}: the largest {@code init-data.body} (UTF-8 bytes) {@code
   * /attest} accepts, default 64 KiB, at most {@link #MAX_INIT_DATA_BYTES_LIMIT}.
   */
  public int maxInitDataBytes() {
    int v =
        config.getOptionalValue("kbs.attest.max-init-data-bytes", Integer.class).orElse(64 * 1024);
    if (v < 0 || v > MAX_INIT_DATA_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "kbs.attest.max-init-data-bytes must be between 0 and "
              + MAX_INIT_DATA_BYTES_LIMIT
              + " (the token that embeds the init-data must stay within the "
              + CompactJws.MAX_LENGTH
              + " characters a resource request accepts): "
              + v);
    }
    return v;
  }

  /** {@code kbs.kek.file}: the key-encryption key of secrets at rest (created for dev). */
  public Path kekFile() {
    return string("kbs.kek.file").map(Path::of).orElse(dataDir().resolve("secrets/kek.b64"));
  }

  /** {@code KBS_KEK} / {@code kbs.kek}: the key-encryption key as base64 (wins over the file). */
  public Optional<String> kekBase64() {
    return string("kbs.kek");
  }

  /**
   * {@code KBS_KEK_PREVIOUS} / {@code kbs.kek.previous}: further key-encryption keys (base64,
   * comma-separated) that open secrets but never seal them: the old key during a rotation, or the
   * next key before it becomes active.
   */
  public List<String> kekPreviousBase64() {
    return list("kbs.kek.previous");
  }

  /** {@code kbs.kek.previous-files}: the same as files (comma-separated paths). */
  public List<Path> kekPreviousFiles() {
    return list("kbs.kek.previous-files").stream().map(Path::of).toList();
  }

  private List<String> list(String key) {
    return string(key)
        .map(
            v ->
                java.util.Arrays.stream(v.split(","))
                    .map(String::trim)
                    .filter(x -> !x.isEmpty())
                    .toList())
        .orElse(List.of());
  }

  /**
   * {@code kbs.token.issuer}, else kbs-config's {@code issuer_name}, else {@code
   * CoCo-Attestation-Service}: the {@code iss} of the tokens {@code /attest} issues and the {@code
   * issuer} of the discovery document.
   */
  public String tokenIssuer() {
    return string("kbs.token.issuer").orElse(EarConfig.DEFAULTS.issuer());
  }

  /**
   * The EAR settings of tokens with issuer {@code issuer}: {@code kbs.token.duration} (rounded up
   * to whole minutes), {@code kbs.token.developer}, {@code .build}, {@code .profile} and {@code
   * .verbose} (kbs-config's {@code developer_name}, {@code build_name}, {@code profile_name},
   * {@code verbose_token}), each defaulting to upstream's value.
   */
  public EarConfig earConfig(String issuer) {
    long minutes = Math.max(1, (tokenDuration().toSeconds() + 59) / 60);
    return new EarConfig(
        (int) Math.min(minutes, Integer.MAX_VALUE),
        issuer,
        string("kbs.token.developer").orElse(EarConfig.DEFAULTS.developer()),
        string("kbs.token.build").orElse(EarConfig.DEFAULTS.build()),
        string("kbs.token.profile").orElse(EarConfig.DEFAULTS.profile()),
        bool("kbs.token.verbose", EarConfig.DEFAULTS.verboseToken()));
  }

  /**
   * {@code kbs.public.base-url}: the public URL of the KBS (e.g. {@code https://kbs.example.com/})
   * for absolute links such as the discovery document's {@code jwks_uri}; unset = the URL the
   * request reached.
   */
  public Optional<java.net.URI> publicBaseUrl() {
    return string("kbs.public.base-url")
        .map(
            v -> {
              java.net.URI u = java.net.URI.create(v);
              if (!u.isAbsolute() || u.getHost() == null) {
                throw new IllegalArgumentException(
                    "kbs.public.base-url must be an absolute URL: " + v);
              }
              return u;
            });
  }

  /**
   * Liberty Admin Center, when {@code bin/kbs} switched it on ({@code kbs.console=on} in
   * bootstrap.properties): its listener port ({@code kbs.console.port}, default 9443) and the
   * password of its user {@code admin} ({@code kbs.console.password} / {@code
   * KBS_CONSOLE_PASSWORD}, or {@code <data>/secrets/console.password}). Empty when it is off.
   */
  public Optional<AdminCenterAccess> adminCenter() {
    if (!"on".equals(string("kbs.console").orElse("off"))) {
      return Optional.empty();
    }
    Optional<String> password = string("kbs.console.password");
    if (password.isEmpty()) {
      Path file = dataDir().resolve("secrets").resolve("console.password");
      try {
        password = Optional.of(Files.readString(file).trim()).filter(p -> !p.isEmpty());
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    int port = config.getOptionalValue("kbs.console.port", Integer.class).orElse(9443);
    return password.map(
        p ->
            new AdminCenterAccess(
                port,
                p,
                dataDir().resolve("tls").resolve("key.p12"),
                string("kbs.keystore.password").orElse("")));
  }

  /**
   * How the KBS reaches its own Admin Center: loopback port, the console user's password, and the
   * TLS keystore whose certificate the listener presents (pinned instead of a host name check).
   */
  public record AdminCenterAccess(
      int port, String password, Path keystore, String keystorePassword) {
    @Override
    public String toString() {
      return "AdminCenterAccess[port=" + port + ", keystore=" + keystore + "]";
    }
  }

  /** {@code kbs.https.port}, or {@code dflt} when unset. */
  public int httpsPortOr(int dflt) {
    return config.getOptionalValue("kbs.https.port", Integer.class).orElse(dflt);
  }

  /** kbs-config's {@code signer.cert_url}: published as {@code x5u} of the configured key. */
  public Optional<String> tokenCertUrl() {
    return string("kbs.token.cert-url");
  }

  /** {@code kbs.max-request-bytes}: request body limit, default 2 MiB. */
  public long maxRequestBytes() {
    return config.getOptionalValue("kbs.max-request-bytes", Long.class).orElse(2L * 1024 * 1024);
  }

  /** {@code kbs.token.trusted-certs}: comma-separated PEM trust anchors for Bearer tokens. */
  public List<Path> trustedCertPaths() {
    return string("kbs.token.trusted-certs")
        .map(s -> List.of(s.split("\\s*,\\s*")).stream().map(Path::of).toList())
        .orElse(List.of());
  }

  /**
   * {@code kbs.token.trusted-jwk-sets}: comma-separated JWK Set files or URLs for Bearer tokens.
   */
  public List<String> trustedJwkSets() {
    return string("kbs.token.trusted-jwk-sets")
        .map(s -> List.of(s.split("\\s*,\\s*")))
        .orElse(List.of());
  }

  /** {@code kbs.token.insecure-header-jwk}: trust a token's own header key (tests only). */
  public boolean insecureHeaderJwk() {
    return bool("kbs.token.insecure-header-jwk", false);
  }

  /** {@code kbs.token.extra-teekey-paths}: JSON pointers tried first to find the TEE key. */
  public List<String> extraTeeKeyPaths() {
    return string("kbs.token.extra-teekey-paths")
        .map(s -> List.of(s.split("\\s*,\\s*")))
        .orElse(List.of());
  }

  /**
   * {@code kbs.resource.legacy-dir}: an upstream LocalFs resource directory that owns the secrets
   * it holds (imported at start and on change).
   */
  public Optional<Path> legacyResourceDir() {
    return string("kbs.resource.legacy-dir").map(Path::of);
  }

  /**
   * {@code kbs.resource.kv-dir}: upstream's key-value LocalFs namespace {@code repository} (one
   * file per secret, {@code default\x2F<secret>\x2F<key>}); owns the secrets it holds.
   */
  public Optional<Path> kvResourceDir() {
    return string("kbs.resource.kv-dir").map(Path::of);
  }

  /**
   * {@code kbs.resource.secrets-dir}: Secrets projected as {@code <dir>/<secret>/<key>} (the
   * operator's {@code /tmp/kbs-secrets}), served as {@code default/<secret>/<key>}.
   */
  public Optional<Path> secretsDir() {
    return string("kbs.resource.secrets-dir").map(Path::of);
  }

  /**
   * {@code kbs.as.policy-dir}: a directory of {@code <id>.rego} attestation policies that owns the
   * policies it holds (imported at start and on change; removal falls back to the default).
   */
  public Optional<Path> attestationPolicyDir() {
    return string("kbs.as.policy-dir").map(Path::of);
  }

  /**
   * {@code kbs.rvps.dir}: upstream's key-value LocalFs namespace {@code reference_value} (one
   * record file per value); owns the values it holds, like {@link #rvpsFile()}.
   */
  public Optional<Path> rvpsDir() {
    return string("kbs.rvps.dir").map(Path::of);
  }

  /**
   * {@code kbs.resource.policy-file}: the Rego resource policy file; while set it is the resource
   * policy (imported at start and on change; the API refuses changes).
   */
  public Optional<Path> resourcePolicyFile() {
    return string("kbs.resource.policy-file").map(Path::of);
  }

  /** {@code kbs.rvps.publisher-keys}: comma-separated PEM files of reference-value publishers. */
  public List<Path> rvpsPublisherKeys() {
    return string("kbs.rvps.publisher-keys")
        .map(s -> List.of(s.split("\\s*,\\s*")).stream().map(Path::of).toList())
        .orElse(List.of());
  }

  /** {@code kbs.rvps.require-signed}: refuse unsigned reference-value registrations. */
  public boolean rvpsRequireSigned() {
    return bool("kbs.rvps.require-signed", false);
  }

  /** {@code kbs.rvps.file}: a reference-value file (R1-R4) imported at start and on change. */
  public Optional<Path> rvpsFile() {
    return string("kbs.rvps.file").map(Path::of);
  }

  /** {@code kbs.amd.certs-dir} (env KBS_AMD_CERTS_DIR): AMD ASK/ARK chains per generation. */
  public Path amdCertsDir() {
    return string("kbs.amd.certs-dir").map(Path::of).orElse(dataDir().resolve("amd"));
  }

  /**
   * Whether {@code kbs.amd.certs-dir} is set (rather than the default {@code <data>/amd}): the
   * operator chose a chain directory, so az-snp-vtpm is expected to work (readiness).
   */
  public boolean amdCertsDirConfigured() {
    return string("kbs.amd.certs-dir").isPresent();
  }

  /** {@code kbs.amd.allow-unpinned-roots}: accept non-official ARKs (tests and labs only). */
  public boolean amdAllowUnpinnedRoots() {
    return bool("kbs.amd.allow-unpinned-roots", false);
  }

  /**
   * {@code kbs.azsnpvtpm.report-verdict-cache}: how many successful SNP report-signature verdicts
   * the az-snp-vtpm verifier remembers for identical report bytes with the identical VCEK (default
   * {@value VerifierSettings#DEFAULT_REPORT_VERDICT_CACHE}, 0 = off, at most 1,000,000).
   */
  public int azSnpVtpmReportVerdictCache() {
    int v =
        config
            .getOptionalValue("kbs.azsnpvtpm.report-verdict-cache", Integer.class)
            .orElse(VerifierSettings.DEFAULT_REPORT_VERDICT_CACHE);
    if (v < 0 || v > 1_000_000) {
      throw new IllegalArgumentException(
          "kbs.azsnpvtpm.report-verdict-cache must be between 0 and 1000000: " + v);
    }
    return v;
  }

  /** {@code kbs.appraisal.retention}: how long "why denied" records are kept, default 7 days. */
  public Duration appraisalRetention() {
    return duration("kbs.appraisal.retention", Duration.ofDays(7));
  }

  /**
   * {@code kbs.audit.retention-days}: audit events older than this many days are exported and
   * purged; 0 (the default) keeps them forever.
   */
  public int auditRetentionDays() {
    long v = config.getOptionalValue("kbs.audit.retention-days", Long.class).orElse(0L);
    if (v < 0 || v > 36_500) {
      throw new IllegalArgumentException(
          "kbs.audit.retention-days must be between 0 (keep forever) and 36500, is " + v);
    }
    return (int) v;
  }

  /**
   * {@code kbs.audit.export-dir}: where purged audit events are written as JSON lines before they
   * are deleted; unset → written to the log instead.
   */
  public Optional<Path> auditExportDir() {
    return string("kbs.audit.export-dir").map(Path::of);
  }

  private long positiveLong(String key, long dflt, long min) {
    long v = config.getOptionalValue(key, Long.class).orElse(dflt);
    if (v < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", is " + v);
    }
    return v;
  }

  private double nonNegativeDouble(String key, double dflt) {
    double v = config.getOptionalValue(key, Double.class).orElse(dflt);
    if (!(v >= 0)) {
      throw new IllegalArgumentException(key + " must be a number >= 0, is " + v);
    }
    return v;
  }

  /**
   * {@code kbs.tee.sample.enabled}: offer the {@code sample} TEE, which proves nothing (its
   * "evidence" is whatever the caller sends). A development tool, default false; the run command
   * ({@code mvn -Prun}) and the test servers turn it on.
   */
  public boolean sampleTeeEnabled() {
    return bool("kbs.tee.sample.enabled", false);
  }

  /**
   * {@code kbs.appraisal.max-claim-chars}: longest claim value kept in an appraisal record (256).
   */
  public int appraisalMaxClaimChars() {
    return (int) positiveLong("kbs.appraisal.max-claim-chars", 256, 16);
  }

  /** {@code kbs.appraisal.max-record-bytes}: hard cap of one stored appraisal record (32 KiB). */
  public int appraisalMaxRecordBytes() {
    return (int)
        Math.min(
            Integer.MAX_VALUE, positiveLong("kbs.appraisal.max-record-bytes", 32L * 1024, 1024));
  }

  /** {@code kbs.appraisal.max-rows}: most appraisal records kept (10000), oldest evicted first. */
  public long appraisalMaxRows() {
    return positiveLong("kbs.appraisal.max-rows", 10_000, 1);
  }

  /**
   * {@code kbs.appraisal.max-total-bytes}: budget of all stored appraisal records (256 MiB). No
   * record is larger than {@link #appraisalMaxRecordBytes()}, so it is kept by keeping at most
   * {@code max-total-bytes / max-record-bytes} rows.
   */
  public long appraisalMaxTotalBytes() {
    return positiveLong("kbs.appraisal.max-total-bytes", 256L * 1024 * 1024, 1024);
  }

  /** The number of appraisal rows that both budgets allow (at least 1). */
  public long appraisalRowBudget() {
    return Math.max(
        1, Math.min(appraisalMaxRows(), appraisalMaxTotalBytes() / appraisalMaxRecordBytes()));
  }

  /** {@code kbs.session.max-total}: live RCAR sessions in the database (10000); 429 beyond. */
  public long sessionMaxTotal() {
    return positiveLong("kbs.session.max-total", 10_000, 1);
  }

  /**
   * {@code kbs.token.session-cache-size}: RCAR session tokens whose verified claims this JVM keeps
   * (4096; 0 = off), so that fetches on a session skip the ES256 re-verification ({@link
   * io.trustee.kbs.token.SessionTokenCache}).
   */
  public int sessionTokenCacheSize() {
    return (int) Math.min(Integer.MAX_VALUE, positiveLong("kbs.token.session-cache-size", 4096, 0));
  }

  /** {@code kbs.session.max-per-client}: live sessions one client address may open (256). */
  public int sessionMaxPerClient() {
    return (int) Math.min(Integer.MAX_VALUE, positiveLong("kbs.session.max-per-client", 256, 1));
  }

  /**
   * {@code kbs.token.max-bytes}: largest attestation token issued and stored (default and maximum
   * {@link io.trustee.kbs.token.CompactJws#MAX_LENGTH}, 256 KiB, what the resource endpoint parses;
   * a token with the largest allowed init-data fits).
   */
  public int tokenMaxBytes() {
    long v = positiveLong("kbs.token.max-bytes", io.trustee.kbs.token.CompactJws.MAX_LENGTH, 4096);
    if (v > io.trustee.kbs.token.CompactJws.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "kbs.token.max-bytes must be at most "
              + io.trustee.kbs.token.CompactJws.MAX_LENGTH
              + " (the largest token a resource request accepts), is "
              + v);
    }
    return (int) v;
  }

  /**
   * {@code kbs.ratelimit.rate}: requests per second per client address on the unauthenticated
   * attestation endpoints (default 10; 0 turns the limit off).
   */
  public double rateLimitRate() {
    return nonNegativeDouble("kbs.ratelimit.rate", 10);
  }

  /** {@code kbs.ratelimit.burst}: requests a client may make at once (default 50). */
  public double rateLimitBurst() {
    return Math.max(1, nonNegativeDouble("kbs.ratelimit.burst", 50));
  }

  /** {@code kbs.ratelimit.max-clients}: client addresses tracked per replica (least recent out). */
  public int rateLimitMaxClients() {
    return (int)
        Math.min(Integer.MAX_VALUE, positiveLong("kbs.ratelimit.max-clients", 100_000, 16));
  }

  /**
   * {@code kbs.ratelimit.trusted-proxy-header}: behind a proxy or route, the header whose last
   * (rightmost) address is the client's, e.g. {@code X-Forwarded-For}. Unset: the socket peer.
   */
  public Optional<String> rateLimitTrustedProxyHeader() {
    return string("kbs.ratelimit.trusted-proxy-header");
  }
}
