package io.trustee.kbs.service;

import io.trustee.kbs.as.DefaultPolicies;
import io.trustee.kbs.mounted.LocalFsImporter;
import io.trustee.kbs.policy.AttestationPolicyDirectory;
import io.trustee.kbs.policy.ResourcePolicyFile;
import io.trustee.kbs.resource.KvResourceDirectory;
import io.trustee.kbs.resource.LegacyResourceDirectory;
import io.trustee.kbs.resource.SecretMountDirectory;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.rvps.ReferenceValueFileWatcher;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.ResourceRepository;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The operator's mounted files and what they own: the reference values ({@code kbs.rvps.file} or
 * the key-value directory {@code kbs.rvps.dir}), the secret directories ({@code
 * kbs.resource.legacy-dir}, {@code kbs.resource.kv-dir}, {@code kbs.resource.secrets-dir}), the
 * resource policy file ({@code kbs.resource.policy-file}) and the attestation policy directory
 * ({@code kbs.as.policy-dir}); {@link io.trustee.kbs.config.ImportSources} derives them from the
 * kbs-config file. Holds one importer per file (with its change-detection state) and runs them in
 * the caller's transaction; {@link MountedFileImports} supplies the transactions and the
 * after-commit hook. The rule for all: the file is the source of truth for what it holds, at start
 * and while running; the admin API refuses changes to file-owned entries (409 naming the file).
 */
@ApplicationScoped
public class MountedFiles {
  private static final Logger LOG = Logger.getLogger(MountedFiles.class.getName());

  /** The kinds of mounted file. */
  public enum Kind {
    REFERENCE_VALUES,
    RESOURCE_DIRECTORY,
    RESOURCE_POLICY,
    ATTESTATION_POLICIES
  }

  @Inject KbsSettings settings;
  @Inject RvpsConfig rvps;
  @Inject ResourceRepository resources;
  @Inject ResourceVault vault;
  @Inject PolicyTextRepository policies;
  @Inject Clock clock;

  private volatile boolean started;
  private ReferenceValueFileWatcher rvFile;
  private List<LocalFsImporter> resourceDirs = List.of();
  private Set<String> resourceSources = Set.of();
  private ResourcePolicyFile policyFile;
  private AttestationPolicyDirectory attestationPolicies;

  /** One importer per configured file; the container calls it once, when it creates the bean. */
  @PostConstruct
  void init() {
    if (settings.rvpsFile().isPresent() && settings.rvpsDir().isPresent()) {
      LOG.warning(
          () ->
              "kbs.rvps.file and kbs.rvps.dir are both set: reference values are imported from the"
                  + " file "
                  + settings.rvpsFile().get()
                  + " only");
    }
    rvFile =
        settings
            .rvpsFile()
            .map(f -> new ReferenceValueFileWatcher(f, rvps.service()))
            .or(
                () ->
                    settings
                        .rvpsDir()
                        .map(d -> ReferenceValueFileWatcher.forDirectory(d, rvps.service())))
            .orElse(null);
    Map<Path, LocalFsImporter.Layout> dirs = new LinkedHashMap<>();
    settings.legacyResourceDir().ifPresent(d -> dirs.put(d, LegacyResourceDirectory::scan));
    settings.kvResourceDir().ifPresent(d -> dirs.put(d, KvResourceDirectory::scan));
    settings.secretsDir().ifPresent(d -> dirs.put(d, SecretMountDirectory::scan));
    resourceSources =
        dirs.keySet().stream().map(LocalFsImporter::sourceOf).collect(Collectors.toSet());
    resourceDirs =
        dirs.entrySet().stream()
            .map(
                e ->
                    new LocalFsImporter(
                        e.getKey(), e.getValue(), resourceSources, resources, vault::cipher, clock))
            .toList();
    policyFile =
        settings
            .resourcePolicyFile()
            .map(f -> new ResourcePolicyFile(f, ResourcePolicyEngine.POLICY_ID, policies, clock))
            .orElse(null);
    attestationPolicies =
        settings
            .attestationPolicyDir()
            .map(d -> new AttestationPolicyDirectory(d, policies, MountedFiles::builtIn, clock))
            .orElse(null);
  }

  /** The built-in text of a default attestation policy id ({@code default_cpu}, …). */
  static Optional<String> builtIn(String id) {
    return DefaultPolicies.ATTESTATION_POLICY_IDS.contains(id)
        ? Optional.of(DefaultPolicies.text(id))
        : Optional.empty();
  }

  /** The directory that owns attestation policy {@code id}, if a mounted directory does. */
  public Optional<String> attestationPolicyOwner(String id) {
    return Optional.ofNullable(policies.owned(PolicyKind.ATTESTATION).get(id))
        .filter(s -> s.startsWith(AttestationPolicyDirectory.SOURCE_PREFIX))
        .map(s -> s.substring(AttestationPolicyDirectory.SOURCE_PREFIX.length()));
  }

  /**
   * Imports every configured file, and removes what files that are no longer configured owned. A
   * bad policy file or an unreadable secret directory listing stops the start (exception).
   */
  void importAtStart(Consumer<Runnable> afterCommit) {
    if (policyFile != null) {
      policyFile.importNow(true, afterCommit);
    }
    List<String> removed = LocalFsImporter.removeOwnedExcept(resources, resourceSources);
    if (!removed.isEmpty()) {
      LOG.warning(
          () ->
              "resource directories no longer configured: "
                  + removed.size()
                  + " secrets they owned were removed: "
                  + removed);
    }
    resourceDirs.forEach(d -> d.importNow(afterCommit));
    if (attestationPolicies == null) {
      List<String> gone =
          AttestationPolicyDirectory.removeOwnedExcept(
              policies, null, MountedFiles::builtIn, clock);
      if (!gone.isEmpty()) {
        LOG.warning(
            () ->
                "no attestation policy directory configured any more: the policies it owned were"
                    + " removed (defaults fall back to built-in): "
                    + gone);
      }
    } else {
      attestationPolicies.importNow(afterCommit);
    }
    if (rvFile == null) {
      List<String> revoked = rvps.service().revokeFilesOtherThan(null);
      if (!revoked.isEmpty()) {
        LOG.warning(
            () ->
                "no reference-value file configured any more: "
                    + revoked.size()
                    + " values it owned were revoked: "
                    + revoked);
      }
    } else {
      logRv(rvFile.checkForChanges(afterCommit));
    }
    afterCommit.accept(() -> started = true);
  }

  /** Re-imports one kind of file if it changed (run-time timer); never throws for bad files. */
  void recheck(Kind kind, Consumer<Runnable> afterCommit) {
    if (!started) {
      return;
    }
    switch (kind) {
      case REFERENCE_VALUES -> {
        if (rvFile != null) {
          logRv(rvFile.checkForChanges(afterCommit));
        }
      }
      case RESOURCE_DIRECTORY -> resourceDirs.forEach(d -> d.importNow(afterCommit));
      case ATTESTATION_POLICIES -> {
        if (attestationPolicies != null) {
          attestationPolicies.importNow(afterCommit);
        }
      }
      case RESOURCE_POLICY -> {
        if (policyFile != null) {
          policyFile.importNow(false, afterCommit);
        }
      }
      default -> throw new IllegalArgumentException(kind.toString());
    }
  }

  boolean started() {
    return started;
  }

  /** Problems with the mounted files, for the readiness warnings. */
  public List<KbsStartup.Warning> warnings() {
    List<KbsStartup.Warning> out = new ArrayList<>();
    Optional.ofNullable(rvFile)
        .flatMap(ReferenceValueFileWatcher::lastError)
        .ifPresent(e -> out.add(new KbsStartup.Warning("reference-value-file", e)));
    resourceDirs.forEach(
        d ->
            d.lastError().ifPresent(e -> out.add(new KbsStartup.Warning("resource-directory", e))));
    Optional.ofNullable(attestationPolicies)
        .flatMap(AttestationPolicyDirectory::lastError)
        .ifPresent(e -> out.add(new KbsStartup.Warning("attestation-policy-directory", e)));
    Optional.ofNullable(policyFile)
        .flatMap(ResourcePolicyFile::lastError)
        .ifPresent(e -> out.add(new KbsStartup.Warning("resource-policy-file", e)));
    return out;
  }

  private static void logRv(ReferenceValueFileWatcher.CheckResult r) {
    switch (r.outcome()) {
      case IMPORTED ->
          LOG.info(
              () ->
                  "reference values imported: "
                      + r.stored().size()
                      + " stored, "
                      + r.deleted().size()
                      + " revoked"
                      + (r.deleted().isEmpty() ? "" : ": " + r.deleted()));
      case FAILED ->
          LOG.warning(
              () ->
                  "reference-value file not imported (previous values kept): "
                      + r.error().orElse("?"));
      default -> {}
    }
  }
}
