package io.trustee.kbs.runtime;

import io.trustee.kbs.config.ImportSources;
import io.trustee.kbs.config.KbsConfig;
import io.trustee.kbs.config.KbsConfigException;
import io.trustee.kbs.config.KbsConfigFile;
import io.trustee.kbs.resource.SecretMountDirectory;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The operator's upstream {@code kbs-config.toml} (or {@code .json}) as a MicroProfile Config
 * source: each upstream key the KBS understands becomes the {@code kbs.*} key of {@link
 * KbsSettings} listed in {@link #KEYS} (the same table is in the README). The file is named by the
 * system property {@code kbs.config-file} or the environment variable {@code KBS_CONFIG_FILE} (the
 * launcher's {@code --config-file} sets the latter).
 *
 * <p>Ordinal {@value #ORDINAL}: environment variables (300) and system properties (400) win over
 * the file, the file wins over {@code microprofile-config.properties} (100) and {@code server.xml}
 * variable defaults. Registered through {@code META-INF/services}, so Liberty's MicroProfile Config
 * finds it in the application.
 *
 * <p>The admin personas, identity providers and ACLs are not flattened: {@link
 * KbsSettings#configFile()} hands the parsed {@link KbsConfig.Admin} to {@code
 * AdminAuthorizers.fromConfig}. A file that cannot be read or parsed gives no properties here; the
 * start-up reads it through {@link #read(Path)} and stops with the message naming the key.
 *
 * <p>Immutable after construction and thread-safe.
 */
public final class KbsConfigFileSource implements ConfigSource {
  private static final Logger LOG = Logger.getLogger(KbsConfigFileSource.class.getName());

  /** Below environment variables (300), above {@code microprofile-config.properties} (100). */
  public static final int ORDINAL = 250;

  /** The setting that names the file (environment {@code KBS_CONFIG_FILE}). */
  public static final String FILE_KEY = "kbs.config-file";

  /** One row of the table: the upstream key (sectioned layout; flat layout in brackets). */
  public record Mapping(
      String upstreamKey, String kbsKey, Function<KbsConfig, Optional<String>> value) {}

  /** Every upstream key that becomes a {@code kbs.*} key. README: "kbs-config keys". */
  public static final List<Mapping> KEYS =
      List.of(
          new Mapping(
              "attestation_service.timeout (F: timeout), minutes",
              "kbs.session.timeout",
              c -> Optional.of(String.valueOf(c.attestationService().sessionTimeoutMinutes()))),
          new Mapping(
              "attestation_service.attestation_token_broker.duration_min",
              "kbs.token.duration",
              c -> Optional.of(String.valueOf(broker(c).durationMin()))),
          new Mapping(
              "attestation_service.attestation_token_broker.issuer_name",
              "kbs.token.issuer",
              c -> Optional.of(broker(c).issuerName())),
          new Mapping(
              "attestation_service.attestation_token_broker.signer.key_path",
              "kbs.token.key-file",
              c -> broker(c).signer().keyPath().map(Path::toString)),
          new Mapping(
              "attestation_service.attestation_token_broker.signer.cert_path",
              "kbs.token.cert-file",
              c -> broker(c).signer().certPath().map(Path::toString)),
          new Mapping(
              "attestation_service.attestation_token_broker.signer.cert_url",
              "kbs.token.cert-url",
              c -> broker(c).signer().certUrl()),
          new Mapping(
              "attestation_service.attestation_token_broker.developer_name",
              "kbs.token.developer",
              c -> broker(c).developerName()),
          new Mapping(
              "attestation_service.attestation_token_broker.build_name",
              "kbs.token.build",
              c -> broker(c).buildName()),
          new Mapping(
              "attestation_service.attestation_token_broker.profile_name",
              "kbs.token.profile",
              c -> broker(c).profileName()),
          new Mapping(
              "attestation_service.attestation_token_broker.verbose_token",
              "kbs.token.verbose",
              c -> Optional.of(String.valueOf(broker(c).verboseToken()))),
          new Mapping(
              "attestation_service.rvps_config.storage.file_path (type LocalJson); else"
                  + " storage_backend local_json file_dir_path/reference_value",
              "kbs.rvps.file",
              c -> sources(c).referenceValueFile().map(Path::toString)),
          new Mapping(
              "storage_backend local_fs dir_path/reference_value (rvps_config.storage_type or"
                  + " storage_type LocalFs)",
              "kbs.rvps.dir",
              c -> sources(c).referenceValueDir().map(Path::toString)),
          new Mapping(
              "attestation_token_broker.policy_dir/opa (F: as_config.work_dir/opa); else"
                  + " storage_backend local_fs dir_path/attestation_service_policy",
              "kbs.as.policy-dir",
              c -> sources(c).attestationPolicyDir().map(Path::toString)),
          new Mapping(
              "admin.insecure_api, admin.type / authorization_mode = InsecureAllowAll",
              "kbs.admin.insecure-api",
              c ->
                  Optional.of(
                      String.valueOf(c.admin().mode() == KbsConfig.AdminMode.INSECURE_ALLOW_ALL))),
          new Mapping(
              "admin.auth_public_key (F: auth_public_key)",
              "kbs.admin.auth-public-key",
              c -> c.admin().authPublicKey().map(Path::toString)),
          new Mapping(
              "http_server.payload_request_size (F: payload_request_size), MiB",
              "kbs.max-request-bytes",
              c -> Optional.of(String.valueOf(c.httpServer().payloadRequestSizeBytes()))),
          new Mapping(
              "attestation_token.trusted_certs_paths",
              "kbs.token.trusted-certs",
              c ->
                  joined(
                      c.attestationToken().trustedCertsPaths().stream()
                          .map(Path::toString)
                          .toList())),
          new Mapping(
              "attestation_token.trusted_jwk_sets",
              "kbs.token.trusted-jwk-sets",
              c -> joined(c.attestationToken().trustedJwkSets())),
          new Mapping(
              "attestation_token.insecure_header_jwk / insecure_key",
              "kbs.token.insecure-header-jwk",
              c -> Optional.of(String.valueOf(c.attestationToken().insecureHeaderJwk()))),
          new Mapping(
              "attestation_token.extra_teekey_paths",
              "kbs.token.extra-teekey-paths",
              c -> joined(c.attestationToken().extraTeekeyPaths())),
          new Mapping(
              "[[plugins]] name = \"resource\", type = \"LocalFs\": dir_path"
                  + " (F: repository_config.dir_path)",
              "kbs.resource.legacy-dir",
              c -> sources(c).legacyResourceDir().map(Path::toString)),
          new Mapping(
              "[[plugins]] name = \"resource\", storage_backend_type = \"kvstorage\":"
                  + " storage_backend local_fs dir_path/repository",
              "kbs.resource.kv-dir",
              c -> sources(c).kvResourceDir().map(Path::toString)),
          new Mapping(
              "(kvstorage) the operator's /tmp/kbs-secrets/<secret>/<key>, when present",
              "kbs.resource.secrets-dir",
              c -> sources(c).secretsDir().map(Path::toString)),
          new Mapping(
              "policy_engine.policy_path (F: policy_engine_config.policy_path); else"
                  + " storage_backend local_fs dir_path/kbs/resource-policy.rego",
              "kbs.resource.policy-file",
              c -> sources(c).resourcePolicyFile().map(Path::toString)));

  private final String name;
  private final Map<String, String> properties;

  /** The source Liberty loads: the file named by {@code kbs.config-file} / KBS_CONFIG_FILE. */
  public KbsConfigFileSource() {
    this(locate());
  }

  /** A source over {@code file}, or an empty one. */
  public KbsConfigFileSource(Optional<Path> file) {
    this.name = "kbs-config file " + file.map(Path::toString).orElse("(none)");
    Map<String, String> p = Map.of();
    if (file.isPresent()) {
      try {
        p = properties(KbsConfigFile.load(file.get()));
      } catch (KbsConfigException e) {
        // Reported with the key by the start-up (KbsSettings#configFile), which stops the server.
        LOG.log(Level.FINE, "kbs-config file not read", e);
      }
    }
    this.properties = p;
  }

  /** The {@code kbs.*} properties {@code config} stands for, per {@link #KEYS}. */
  public static Map<String, String> properties(KbsConfig config) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Mapping m : KEYS) {
      m.value().apply(config).ifPresent(v -> out.put(m.kbsKey(), v));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Reads {@code file}; the failure names the file and the key that is wrong.
   *
   * @throws IllegalStateException when the file cannot be read or interpreted
   */
  public static KbsConfig read(Path file) {
    try {
      return KbsConfigFile.load(file);
    } catch (KbsConfigException e) {
      throw new IllegalStateException("kbs-config file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Logs the layout, where each mounted item is read from, the unknown keys and the keys without
   * effect (once, at start). Every key nobody reads is logged as {@code kbs-config: ignored: <key>
   * (<reason>)}.
   */
  public static void logFindings(Path file, KbsConfig c) {
    LOG.info(() -> "kbs-config file " + file + " (layout " + c.layout() + ")");
    sources(c).notes().forEach(n -> LOG.info(() -> "kbs-config: " + n));
    findings(c).forEach(w -> LOG.warning(() -> "kbs-config: " + w));
  }

  /** The warnings of {@link #logFindings}: keys without effect, unknown keys, dialect notes. */
  public static List<String> findings(KbsConfig c) {
    List<String> out = new java.util.ArrayList<>(c.warnings());
    c.unknownKeys().forEach(k -> out.add("ignored: " + k + " (unknown key)"));
    return out;
  }

  private static Optional<Path> locate() {
    return Optional.ofNullable(System.getProperty(FILE_KEY))
        .or(() -> Optional.ofNullable(System.getenv("KBS_CONFIG_FILE")))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Path::of);
  }

  private static ImportSources sources(KbsConfig c) {
    return ImportSources.of(c, SecretMountDirectory.OPERATOR_DIR);
  }

  private static KbsConfig.TokenBroker broker(KbsConfig c) {
    return c.attestationService().tokenBroker();
  }

  private static Optional<String> joined(List<String> values) {
    return values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
  }

  @Override
  public Map<String, String> getProperties() {
    return properties;
  }

  @Override
  public Set<String> getPropertyNames() {
    return properties.keySet();
  }

  @Override
  public String getValue(String propertyName) {
    return properties.get(propertyName);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public int getOrdinal() {
    return ORDINAL;
  }
}
