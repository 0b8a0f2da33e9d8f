package io.trustee.kbs.service;

import io.trustee.kbs.mounted.LocalFsImporter;
import io.trustee.kbs.policy.ResourcePolicyFile;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.rvps.ReferenceValueFileWatcher;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.ResourceRepository;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The operator's mounted files and what they own: the reference-value file ({@code kbs.rvps.file}),
 * the LocalFs secret directory ({@code kbs.resource.legacy-dir} / {@code [[plugins]] dir_path}) and
 * the resource policy file ({@code kbs.resource.policy-file} / {@code [policy_engine]
 * policy_path}). Holds one importer per file (with its change-detection state) and runs them in the
 * caller's transaction; {@link MountedFileImports} supplies the transactions and the after-commit
 * hook. The rule for all three: the file is the source of truth for what it holds, at start and
 * while running; the admin API refuses changes to file-owned entries (409 naming the file).
 */
@ApplicationScoped
public class MountedFiles {
  private static final Logger LOG = Logger.getLogger(MountedFiles.class.getName());

  /** The three kinds of mounted file. */
  public enum Kind {
    REFERENCE_VALUES,
    RESOURCE_DIRECTORY,
    RESOURCE_POLICY
  }

  @Inject KbsSettings settings;
  @Inject RvpsConfig rvps;
  @Inject ResourceRepository resources;
  @Inject ResourceVault vault;
  @Inject PolicyTextRepository policies;
  @Inject Clock clock;

  private volatile boolean started;
  private ReferenceValueFileWatcher rvFile;
  private LocalFsImporter resourceDir;
  private ResourcePolicyFile policyFile;

  /** One importer per configured file; the container calls it once, when it creates the bean. */
  @PostConstruct
  void init() {
    rvFile =
        settings.rvpsFile().map(f -> new ReferenceValueFileWatcher(f, rvps.service())).orElse(null);
    resourceDir =
        settings
            .legacyResourceDir()
            .map(d -> new LocalFsImporter(d, resources, vault::cipher, clock))
            .orElse(null);
    policyFile =
        settings
            .resourcePolicyFile()
            .map(f -> new ResourcePolicyFile(f, ResourcePolicyEngine.POLICY_ID, policies, clock))
            .orElse(null);
  }

  /**
   * Imports every configured file, and removes what files that are no longer configured owned. A
   * bad policy file or an unreadable secret directory listing stops the start (exception).
   */
  void importAtStart(Consumer<Runnable> afterCommit) {
    if (policyFile != null) {
      policyFile.importNow(true, afterCommit);
    }
    if (resourceDir == null) {
      List<String> removed = LocalFsImporter.removeAllOwned(resources);
      if (!removed.isEmpty()) {
        LOG.warning(
            () ->
                "no resource directory configured any more: "
                    + removed.size()
                    + " secrets it owned were removed: "
                    + removed);
      }
    } else {
      resourceDir.importNow(afterCommit);
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
      case RESOURCE_DIRECTORY -> {
        if (resourceDir != null) {
          resourceDir.importNow(afterCommit);
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
    Optional.ofNullable(resourceDir)
        .flatMap(LocalFsImporter::lastError)
        .ifPresent(e -> out.add(new KbsStartup.Warning("resource-directory", e)));
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
