package io.trustee.kbs.config;

import io.trustee.kbs.config.KbsConfig.ResourceBackend;
import io.trustee.kbs.config.KbsConfig.StorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the files the operator mounts are, for one {@link KbsConfig} (kbs-config.md §2.9 step 4,
 * §6.3): each item (resources, resource policy, attestation policies, reference values) is taken
 * from the legacy key when the file has it, else from the key-value storage layout of {@code
 * [storage_backend]} (≥ 0.19). The database stays our own store; these are import sources, watched
 * for changes.
 *
 * <p>Paths given by a legacy key are used as given (a missing file is reported by its importer).
 * Paths derived from the key-value layout are used when they exist at start, because upstream
 * creates them empty when missing and the operator mounts all of them; {@link #notes()} says for
 * each item what was chosen and why, for the start-up log. 0.19 spelt two namespaces with hyphens
 * ({@code attestation-service-policy}, {@code reference-value}); the 0.20 spelling wins when both
 * exist.
 *
 * @param legacyResourceDir {@code <dir_path>/<repo>/<type>/<tag>} (≤ 0.18)
 * @param kvResourceDir the {@code repository} namespace directory of LocalFs storage (≥ 0.19)
 * @param secretsDir the operator's {@code /tmp/kbs-secrets/<secret>/<key>} projection
 * @param resourcePolicyFile the Rego resource policy file
 * @param attestationPolicyDir a directory of {@code <id>.rego} attestation policies
 * @param referenceValueFile a reference-value file (formats R1 – R4)
 * @param referenceValueDir the {@code reference_value} namespace directory of LocalFs storage
 */
public record ImportSources(
    Optional<Path> legacyResourceDir,
    Optional<Path> kvResourceDir,
    Optional<Path> secretsDir,
    Optional<Path> resourcePolicyFile,
    Optional<Path> attestationPolicyDir,
    Optional<Path> referenceValueFile,
    Optional<Path> referenceValueDir,
    List<String> notes) {

  /** Upstream's default {@code backends.local_fs.dir_path}. */
  public static final Path DEFAULT_LOCAL_FS =
      Path.of("/opt/confidential-containers/storage/local_fs");

  /** Upstream's default {@code backends.local_json.file_dir_path}. */
  public static final Path DEFAULT_LOCAL_JSON =
      Path.of("/opt/confidential-containers/storage/local_json");

  public ImportSources {
    notes = List.copyOf(notes);
  }

  /**
   * Resolves the sources of {@code c}.
   *
   * @param secretsRoot where the operator projects Secrets ({@code /tmp/kbs-secrets}); used with
   *     key-value resources when it exists
   */
  public static ImportSources of(KbsConfig c, Path secretsRoot) {
    List<String> notes = new ArrayList<>();
    Optional<StorageBackend> storage = c.storageBackend();

    Optional<Path> legacyDir = Optional.empty();
    Optional<Path> kvDir = Optional.empty();
    Optional<Path> secrets = Optional.empty();
    if (c.resourcePlugin().isPresent()) {
      KbsConfig.ResourcePlugin plugin = c.resourcePlugin().get();
      if (plugin.backend() == ResourceBackend.LOCAL_FS) {
        legacyDir = plugin.dirPath();
        legacyDir.ifPresent(d -> notes.add("resources: " + d + "/<repo>/<type>/<tag> (LocalFs)"));
      } else if (plugin.backend() == ResourceBackend.KV_STORAGE) {
        String type = storage.map(StorageBackend::storageType).orElse("Memory");
        if (type.equals("LocalFs")) {
          kvDir = existing(localFs(storage).resolve("repository"), "resources", notes);
        } else {
          notes.add(
              "resources: kvstorage on "
                  + type
                  + " holds nothing a file mount can give; store secrets with the admin API");
        }
        if (Files.isDirectory(secretsRoot)) {
          secrets = Optional.of(secretsRoot);
          notes.add("resources: " + secretsRoot + "/<secret>/<key> as default/<secret>/<key>");
        }
      }
    }

    Optional<Path> policyFile = c.resourcePolicyPath();
    if (policyFile.isPresent()) {
      notes.add("resource policy: " + policyFile.get() + " ([policy_engine] policy_path)");
    } else if (kvType(storage, Optional.empty()).equals("LocalFs")) {
      policyFile =
          existing(localFs(storage).resolve("kbs/resource-policy.rego"), "resource policy", notes);
    }

    Optional<Path> policyDir = Optional.empty();
    Optional<Path> brokerDir = c.attestationService().tokenBroker().policyDir();
    if (brokerDir.isPresent()) {
      policyDir = existing(brokerDir.get().resolve("opa"), "attestation policies", notes);
    } else if (kvType(storage, c.attestationService().policyStorageType()).equals("LocalFs")) {
      policyDir =
          existing(
              namespace(
                  localFs(storage), "attestation_service_policy", "attestation-service-policy"),
              "attestation policies",
              notes);
    }

    Optional<Path> rvFile = c.attestationService().rvps().localJsonFile();
    Optional<Path> rvDir = Optional.empty();
    if (rvFile.isPresent()) {
      notes.add("reference values: " + rvFile.get() + " (rvps_config storage file_path)");
    } else {
      String type = kvType(storage, c.attestationService().rvps().kvStorageType());
      if (type.equals("LocalJson")) {
        Path json =
            storage.flatMap(StorageBackend::localJsonFileDirPath).orElse(DEFAULT_LOCAL_JSON);
        rvFile =
            existing(
                namespace(json, "reference_value", "reference-value"), "reference values", notes);
      } else if (type.equals("LocalFs")) {
        rvDir =
            existing(
                namespace(localFs(storage), "reference_value", "reference-value"),
                "reference values",
                notes);
      }
    }
    return new ImportSources(
        legacyDir, kvDir, secrets, policyFile, policyDir, rvFile, rvDir, notes);
  }

  /** The storage type of a namespace: its override, else {@code storage_type} (no table: none). */
  private static String kvType(Optional<StorageBackend> storage, Optional<String> override) {
    if (storage.isEmpty()) {
      return "none";
    }
    return override.orElse(storage.get().storageType());
  }

  private static Path localFs(Optional<StorageBackend> storage) {
    return storage.flatMap(StorageBackend::localFsDirPath).orElse(DEFAULT_LOCAL_FS);
  }

  /** {@code base/<name>}, or the 0.19 spelling when only that exists. */
  private static Path namespace(Path base, String name, String name019) {
    Path p = base.resolve(name);
    Path old = base.resolve(name019);
    return !Files.exists(p) && Files.exists(old) ? old : p;
  }

  private static Optional<Path> existing(Path p, String item, List<String> notes) {
    if (Files.exists(p)) {
      notes.add(item + ": " + p);
      return Optional.of(p);
    }
    notes.add(item + ": " + p + " does not exist, nothing imported from it");
    return Optional.empty();
  }
}
