package io.trustee.kbs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trustee.kbs.config.KbsConfig.Admin;
import io.trustee.kbs.config.KbsConfig.AttestationService;
import io.trustee.kbs.config.KbsConfig.AttestationToken;
import io.trustee.kbs.config.KbsConfig.HttpServer;
import io.trustee.kbs.config.KbsConfig.Layout;
import io.trustee.kbs.config.KbsConfig.ResourceBackend;
import io.trustee.kbs.config.KbsConfig.ResourcePlugin;
import io.trustee.kbs.config.KbsConfig.StorageBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Loads an upstream {@code kbs-config} file. The format follows the extension ({@code .toml},
 * {@code .json}, {@code .yaml}/{@code .yml}; no extension: TOML, then JSON, then YAML), as
 * upstream's {@code config} crate chooses it. The layout is detected per kbs-config.md §2.9 (flat F
 * if top-level legacy keys and no {@code [http_server]}; otherwise the admin dialect A/B/C from
 * {@code [admin]}).
 *
 * <p>Stateless and thread-safe.
 */
public final class KbsConfigFile {
  /** Upstream's default resource directory (F and missing {@code dir_path} in A/B1). */
  public static final Path DEFAULT_REPOSITORY =
      Path.of("/opt/confidential-containers/kbs/repository");

  private static final Set<String> FLAT_KEYS =
      Set.of(
          "sockets",
          "insecure_http",
          "insecure_api",
          "auth_public_key",
          "repository_config",
          "as_config",
          "attestation_token_config",
          "policy_engine_config",
          "grpc_config",
          "intel_trust_authority_config");

  private KbsConfigFile() {}

  /**
   * Reads and interprets {@code file}.
   *
   * @throws KbsConfigException naming the key (or {@code (file)}) that is wrong
   */
  public static KbsConfig load(Path file) throws KbsConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new KbsConfigException("(file)", "cannot read " + file + ": " + e.getMessage(), e);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    JsonNode root;
    if (name.endsWith(".json")) {
      root = parse(new ObjectMapper(), text, "JSON");
    } else if (name.endsWith(".toml")) {
      root = parse(new TomlMapper(), text, "TOML");
    } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      root = parse(new YAMLMapper(), text, "YAML");
    } else if (name.contains(".")) {
      throw new KbsConfigException("(file)", "unsupported configuration format: " + name);
    } else {
      JsonNode t;
      try {
        t = parse(new TomlMapper(), text, "TOML");
      } catch (KbsConfigException e) {
        try {
          t = parse(new ObjectMapper(), text, "JSON");
        } catch (KbsConfigException e2) {
          t = parse(new YAMLMapper(), text, "TOML, JSON or YAML");
        }
      }
      root = t;
    }
    if (!root.isObject()) {
      throw new KbsConfigException("(file)", "the configuration must be a table/object");
    }
    return interpret((ObjectNode) root);
  }

  private static JsonNode parse(ObjectMapper mapper, String text, String format)
      throws KbsConfigException {
    try {
      JsonNode n = mapper.readTree(text);
      if (n == null || n.isMissingNode()) {
        return mapper.createObjectNode();
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new KbsConfigException(
          "(file)", "malformed " + format + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new KbsConfigException("(file)", "malformed " + format + ": " + e.getMessage(), e);
    }
  }

  /** Interprets an already parsed document (TOML and JSON trees are the same shape). */
  public static KbsConfig interpret(ObjectNode document) throws KbsConfigException {
    return interpret(document, true);
  }

  /**
   * Interprets a parsed document; with {@code checkFiles} false, files named by the document need
   * not exist here (a sample written for a pod's mounts, checked on another machine).
   */
  public static KbsConfig interpret(ObjectNode document, boolean checkFiles)
      throws KbsConfigException {
    List<String> unknown = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    ConfigSection root = new ConfigSection("", document, unknown, warnings, checkFiles);
    boolean flat = !document.has("http_server") && FLAT_KEYS.stream().anyMatch(document::has);
    KbsConfig cfg = flat ? flat(root, unknown, warnings) : sectioned(root, unknown, warnings);
    root.finish();
    return new KbsConfig(
        cfg.layout(),
        cfg.httpServer(),
        cfg.admin(),
        cfg.attestationService(),
        cfg.attestationToken(),
        cfg.resourcePlugin(),
        cfg.resourcePolicyPath(),
        cfg.storageBackend(),
        unknown,
        warnings);
  }

  private static KbsConfig flat(ConfigSection root, List<String> unknown, List<String> warnings)
      throws KbsConfigException {
    HttpServer http = ServerSectionReader.http(root);
    Admin admin = AdminSectionReader.legacy(root, warnings);
    AttestationService as = AttestationSectionReader.flat(root, warnings);
    AttestationToken token = AttestationSectionReader.token(root.table("attestation_token_config"));
    ResourcePlugin plugin =
        new ResourcePlugin(ResourceBackend.LOCAL_FS, "LocalFs", Optional.of(DEFAULT_REPOSITORY));
    Optional<ConfigSection> repo = root.table("repository_config");
    if (repo.isPresent()) {
      String type = repo.get().string("type").orElse("LocalFs");
      plugin =
          type.equals("LocalFs")
              ? new ResourcePlugin(
                  ResourceBackend.LOCAL_FS,
                  type,
                  Optional.of(repo.get().path("dir_path", false).orElse(DEFAULT_REPOSITORY)))
              : ServerSectionReader.unsupported(type, warnings);
      repo.get().finish();
    }
    Optional<Path> policy = Optional.empty();
    Optional<ConfigSection> pe = root.table("policy_engine_config");
    if (pe.isPresent()) {
      policy = pe.get().path("policy_path", false);
      pe.get().finish();
    }
    return new KbsConfig(
        Layout.F,
        http,
        admin,
        as,
        token,
        Optional.of(plugin),
        policy,
        Optional.empty(),
        unknown,
        warnings);
  }

  private static KbsConfig sectioned(
      ConfigSection root, List<String> unknown, List<String> warnings) throws KbsConfigException {
    Optional<ConfigSection> httpTable = root.table("http_server");
    HttpServer http =
        httpTable.isPresent()
            ? ServerSectionReader.http(httpTable.get())
            : ServerSectionReader.http(root.emptyChild("http_server"));
    httpTable.ifPresent(ConfigSection::finish);
    Optional<ConfigSection> adminTable = root.table("admin");
    Layout layout = AdminSectionReader.detect(adminTable);
    Admin admin =
        switch (layout) {
          case C -> AdminSectionReader.modeC(adminTable.get(), warnings);
          case B -> AdminSectionReader.typeB(adminTable.get(), warnings);
          case A -> AdminSectionReader.legacy(adminTable.get(), warnings);
          default -> {
            warnings.add("no [admin] table: every admin request is denied");
            yield AdminSectionReader.deny();
          }
        };
    adminTable.ifPresent(ConfigSection::finish);
    AttestationService as =
        AttestationSectionReader.sectioned(root.table("attestation_service"), warnings);
    AttestationToken token = AttestationSectionReader.token(root.table("attestation_token"));
    Optional<ResourcePlugin> plugin = Optional.empty();
    for (ConfigSection p : root.tableList("plugins")) {
      String name =
          p.string("name").orElseThrow(() -> new KbsConfigException(p.key("name"), "required"));
      if (name.equals("resource")) {
        plugin = Optional.of(ServerSectionReader.resourcePlugin(p, warnings));
        p.finish();
      } else {
        p.ignoreRest("plugin " + name + " is not implemented");
        warnings.add(ConfigSection.ignored(p.key("name") + " = " + name, "plugin not implemented"));
      }
    }
    if (plugin.isEmpty()) {
      warnings.add("no [[plugins]] name = \"resource\": no resources are served (as upstream)");
    }
    Optional<Path> policy = Optional.empty();
    Optional<ConfigSection> pe = root.table("policy_engine");
    if (pe.isPresent()) {
      policy = pe.get().path("policy_path", false);
      pe.get().finish();
    }
    Optional<StorageBackend> storage = Optional.empty();
    Optional<ConfigSection> sb = root.table("storage_backend");
    if (sb.isPresent()) {
      storage = Optional.of(ServerSectionReader.storage(sb.get()));
      sb.get().finish();
    }
    root.ignore("session_storage_type", "sessions are kept in the database");
    return new KbsConfig(
        layout, http, admin, as, token, plugin, policy, storage, unknown, warnings);
  }
}
