package io.trustee.kbs.config;

import io.trustee.kbs.config.KbsConfig.HttpServer;
import io.trustee.kbs.config.KbsConfig.ResourceBackend;
import io.trustee.kbs.config.KbsConfig.ResourcePlugin;
import io.trustee.kbs.config.KbsConfig.StorageBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server-side tables (kbs-config.md §2.1, §2.6, §2.7): {@code [http_server]} (F:
 * top-level keys), the {@code resource} plugin and {@code [storage_backend]}. HTTPS without both
 * PEM files, unreadable PEM files and malformed socket addresses fail here. Stateless; used only
 * while loading.
 */
final class ServerSectionReader {
  private static final Pattern SOCKET =
      Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[^:\\s\\[\\]]+):(\\d{1,5})$");

  private ServerSectionReader() {}

  static HttpServer http(ConfigSection s) throws KbsConfigException {
    List<String> sockets = s.has("sockets") ? s.stringList("sockets") : List.of("127.0.0.1:8080");
    checkSockets(s.key("sockets"), sockets);
    boolean insecure = s.bool("insecure_http", false);
    Optional<Path> key = s.path("private_key", !insecure);
    Optional<Path> cert = s.path("certificate", !insecure);
    if (!insecure && key.isEmpty()) {
      throw new KbsConfigException(
          s.key("private_key"), "Missing private key (insecure_http = false)");
    }
    if (!insecure && cert.isEmpty()) {
      throw new KbsConfigException(
          s.key("certificate"), "Missing certificate (insecure_http = false)");
    }
    int size = (int) s.integer("payload_request_size", 2, 1, 1024);
    s.ignore("worker_count", "Liberty sizes its own thread pool");
    s.ignore("tls_groups", "JSSE chooses the named groups");
    Optional<String> min = s.string("tls_min_version");
    Optional<String> max = s.string("tls_max_version");
    for (Optional<String> v : List.of(min, max)) {
      if (v.isPresent() && !v.get().equals("1.2") && !v.get().equals("1.3")) {
        throw new KbsConfigException(
            s.key("tls_min_version"), "TLS versions are \"1.2\" or \"1.3\"");
      }
    }
    if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
      throw new KbsConfigException(s.key("tls_min_version"), "greater than tls_max_version");
    }
    Optional<String> profile = s.string("tls_profile");
    if (profile.isPresent()
        && !Set.of("old", "intermediate", "modern", "custom").contains(profile.get())) {
      throw new KbsConfigException(s.key("tls_profile"), "unknown profile " + profile.get());
    }
    return new HttpServer(
        sockets, insecure, key, cert, size, profile, min, max, s.string("tls_ciphers"));
  }

  static ResourcePlugin resourcePlugin(ConfigSection p, List<String> warnings)
      throws KbsConfigException {
    Optional<String> sbt = p.string("storage_backend_type");
    if (sbt.isPresent()) {
      p.ignore("type", "storage_backend_type selects the backend (0.20 –)");
    }
    String type = sbt.orElse(p.string("type").orElse(""));
    switch (type) {
      case "LocalFs", "local_fs" -> {
        Optional<Path> dir = p.path("dir_path", false);
        if (dir.isEmpty()) {
          warnings.add(p.key("dir_path") + " missing: using " + KbsConfigFile.DEFAULT_REPOSITORY);
        }
        return new ResourcePlugin(
            ResourceBackend.LOCAL_FS,
            "LocalFs",
            Optional.of(dir.orElse(KbsConfigFile.DEFAULT_REPOSITORY)));
      }
      case "kvstorage", "KvStorage" -> {
        return new ResourcePlugin(ResourceBackend.KV_STORAGE, "kvstorage", Optional.empty());
      }
      case "Aliyun", "Vault", "Aws", "Gcp", "Pkcs11" -> {
        p.ignoreRest("resource backend " + type + " is not implemented");
        return unsupported(type, warnings);
      }
      case "" ->
          throw new KbsConfigException(p.key("storage_backend_type"), "resource backend required");
      default ->
          throw new KbsConfigException(
              p.key(sbt.isPresent() ? "storage_backend_type" : "type"),
              "unknown resource backend " + type);
    }
  }

  static ResourcePlugin unsupported(String type, List<String> warnings) {
    warnings.add(
        "resource backend " + type + " is not implemented: those resources are unavailable");
    return new ResourcePlugin(ResourceBackend.UNSUPPORTED, type, Optional.empty());
  }

  static StorageBackend storage(ConfigSection sb) throws KbsConfigException {
    String norm = AttestationSectionReader.storageType(sb, "storage_type").orElse("Memory");
    Optional<Path> fs = Optional.empty();
    Optional<Path> json = Optional.empty();
    Optional<ConfigSection> backends = sb.table("backends");
    if (backends.isPresent()) {
      Optional<ConfigSection> lf = backends.get().table("local_fs");
      if (lf.isPresent()) {
        fs =
            Optional.of(
                lf.get()
                    .path("dir_path", false)
                    .orElse(Path.of("/opt/confidential-containers/storage/local_fs")));
        lf.get().finish();
      }
      Optional<ConfigSection> lj = backends.get().table("local_json");
      if (lj.isPresent()) {
        lj.get().ignore("dir_path", "upstream ignores it; the key is file_dir_path");
        json =
            Optional.of(
                lj.get()
                    .path("file_dir_path", false)
                    .orElse(Path.of("/opt/confidential-containers/storage/local_json")));
        lj.get().finish();
      }
      backends
          .get()
          .ignore(
              "postgres",
              "our own datasource is configured with --db postgres / PG_* (README), not here");
      backends.get().ignore("redis", "no Redis storage is used");
      backends.get().finish();
    }
    return new StorageBackend(norm, fs, json);
  }

  static void checkSockets(String key, List<String> sockets) throws KbsConfigException {
    if (sockets.isEmpty()) {
      throw new KbsConfigException(key, "at least one listen address is required");
    }
    for (String s : sockets) {
      Matcher m = SOCKET.matcher(s);
      if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
        throw new KbsConfigException(key, "not an ip:port address: " + s);
      }
    }
  }
}
