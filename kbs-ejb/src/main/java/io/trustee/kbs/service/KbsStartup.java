package io.trustee.kbs.service;

import io.trustee.kbs.as.DefaultPolicies;
import io.trustee.kbs.as.PolicyEvaluationException;
import io.trustee.kbs.policy.ResourcePolicy;
import io.trustee.kbs.resource.LegacyResourceDirectory;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.rvps.ReferenceValueFileWatcher;
import io.trustee.kbs.store.AppraisalRepository;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.ResourceRepository;
import io.trustee.kbs.store.SchemaUpkeep;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Start-up of the KBS: loads or creates the keys (token signer, admin key, key-encryption key),
 * checks the configuration, installs the default policies where none is stored, imports the
 * operator's mounted files (resource directory, resource policy, reference-value file) and logs
 * the URL when ready. Any problem stops the application with a message naming the setting.
 * Afterwards it re-imports the reference-value file when it changes (every 15 s) and purges old
 * appraisal records (hourly).
 *
 * <p>Several replicas may start at the same moment on one (possibly empty) database. Each
 * database step therefore runs in a transaction of its own ({@link StartupTransactions}) and is
 * retried after re-reading when it lost a race against the other replica's identical step (e.g.
 * both inserting the default policies: the loser's commit hits the primary key, the retry finds
 * the row and inserts nothing). "KBS ready" is logged only after every step has committed.
 *
 * <p>The timers run on every replica (non-persistent timers are per JVM). That is safe: the
 * appraisal purge is an idempotent {@code DELETE ... WHERE created < cutoff} (a row deleted by one
 * replica is simply not there for the other), and a reference-value import that collides with
 * the other replica's import of the same file fails as a whole, is logged, and leaves the
 * winner's identical rows.
 */
@Singleton
@Startup
public class KbsStartup {
  private static final Logger LOG = Logger.getLogger(KbsStartup.class.getName());

  /** An operator-visible warning (readiness check data). */
  public record Warning(String key, String text) {}

  @Inject KbsSettings settings;
  @Inject Config config;
  @Inject TokenKeys tokens;
  @Inject ResourceVault vault;
  @Inject AdminGuard admin;
  @Inject RvpsConfig rvps;
  @Inject VerifierProducer verifiers;
  @Inject AttestationPolicyStore attestationPolicies;
  @Inject PolicyTextRepository policies;
  @Inject ResourceRepository resources;
  @Inject AppraisalRepository appraisals;
  @Inject Clock clock;

  @Inject StartupTransactions tx;
  @Inject SchemaUpkeep schema;

  private volatile boolean started;
  private volatile ReferenceValueFileWatcher rvWatcher;

  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void init() {
    LOG.info(() -> "KBS starting, data directory " + settings.dataDir());
    tokens.load();
    vault.load();
    admin.load();
    rvps.load();
    verifiers.registry();
    int versioned = inTransaction("row versions", schema::initialiseRowVersions);
    if (versioned > 0) {
      LOG.info(() -> "optimistic-lock versions given to " + versioned + " existing policy rows");
    }
    List<String> installed =
        inTransaction(
            "default attestation policies",
            () -> DefaultPolicies.installDefaultsIfAbsent(attestationPolicies));
    if (!installed.isEmpty()) {
      LOG.info(() -> "default attestation policies installed: " + installed);
    }
    inTransaction("resource policy file", () -> {
      installResourcePolicyFile();
      return null;
    });
    inTransaction("resource directory", () -> {
      importLegacyResources();
      return null;
    });
    settings.rvpsFile().ifPresent(f -> {
      record Imported(ReferenceValueFileWatcher watcher, ReferenceValueFileWatcher.CheckResult r) {}
      // A fresh watcher per attempt, kept only once its import committed: a rolled-back attempt
      // must not leave it believing the file was imported.
      Imported done =
          inTransaction("reference-value file", () -> {
            ReferenceValueFileWatcher w = new ReferenceValueFileWatcher(f, rvps.service());
            return new Imported(w, w.checkForChanges());
          });
      rvWatcher = done.watcher();
      logWatch(done.r());
    });
    started = true;
    LOG.info(() -> "KBS ready: " + url() + "/kbs/v0 (admin: " + admin.loaded() + ", AS: "
        + url() + "/attestation)");
  }

  /**
   * Runs one start-up step in its own transaction, retried (after re-reading) when it lost a race
   * against another replica starting at the same time.
   */
  private <T> T inTransaction(String step, Supplier<T> work) {
    return StartupTransactions.retryingConflicts(
        3,
        () -> tx.call(work),
        () -> LOG.info(() -> "start-up step '" + step + "' collided with another replica's; "
            + "retrying after re-reading"));
  }

  private void installResourcePolicyFile() {
    Optional<Path> file = settings.resourcePolicyFile();
    if (file.isEmpty()) {
      return;
    }
    try {
      String text = Files.readString(file.get());
      ResourcePolicy.requireCompiles(text);
      policies.store(PolicyKind.RESOURCE, ResourcePolicyEngine.POLICY_ID, text, clock.instant());
      LOG.info(() -> "resource policy imported from " + file.get());
    } catch (IOException | PolicyEvaluationException e) {
      throw new IllegalStateException(
          "kbs.resource.policy-file / [policy_engine] policy_path " + file.get() + ": "
              + e.getMessage(), e);
    }
  }

  private void importLegacyResources() {
    Optional<Path> dir = settings.legacyResourceDir();
    if (dir.isEmpty()) {
      return;
    }
    if (!Files.isDirectory(dir.get())) {
      LOG.warning(() -> "resource directory " + dir.get() + " does not exist; nothing imported");
      return;
    }
    try {
      LegacyResourceDirectory.Result r = LegacyResourceDirectory.scan(dir.get());
      for (LegacyResourceDirectory.Entry e : r.entries()) {
        resources.put(e.path().toString(), vault.cipher().seal(e.path(), e.content()),
            vault.cipher().keyId(), clock.instant());
      }
      r.skipped().forEach(s -> LOG.warning(() -> "resource file skipped: " + s.file() + ": "
          + s.reason()));
      LOG.info(() -> r.entries().size() + " resources imported from " + dir.get()
          + " (the mounted files win over admin changes to the same paths)");
    } catch (IOException e) {
      throw new IllegalStateException("[[plugins]] dir_path " + dir.get() + ": " + e.getMessage(), e);
    }
  }

  /** Re-imports the reference-value file when it changed (ConfigMap updates, no restart). */
  @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
  public void watchReferenceValues() {
    if (rvWatcher != null) {
      logWatch(rvWatcher.checkForChanges());
    }
  }

  private static void logWatch(ReferenceValueFileWatcher.CheckResult r) {
    switch (r.outcome()) {
      case IMPORTED -> LOG.info(() -> "reference values imported: " + r.stored().size()
          + " stored, " + r.deleted().size() + " removed");
      case FAILED -> LOG.warning(() -> "reference-value file not imported (previous values kept): "
          + r.error().orElse("?"));
      default -> { }
    }
  }

  @Schedule(hour = "*", minute = "41", persistent = false)
  public void purgeAppraisals() {
    appraisals.purgeOlderThan(clock.instant().minus(settings.appraisalRetention()));
  }

  public boolean started() {
    return started;
  }

  public boolean keysLoaded() {
    return tokens.loaded() && vault.loaded() && admin.loaded();
  }

  /** Switches an operator must know are on. */
  public List<Warning> warnings() {
    List<Warning> out = new ArrayList<>();
    if (admin.insecure()) {
      out.add(new Warning("insecure-api", "admin API open without credentials"));
    }
    if (verifiers.unpinnedRoots()) {
      out.add(new Warning("amd-unpinned-roots", "AMD roots are not pinned (tests/labs only)"));
    }
    verifiers.amdProblem().ifPresent(p -> out.add(new Warning("az-snp-vtpm", p)));
    if (rvWatcher != null) {
      rvWatcher.lastError().ifPresent(e -> out.add(new Warning("reference-value-file", e)));
    }
    return out;
  }

  private String url() {
    int https = config.getOptionalValue("kbs.https.port", Integer.class).orElse(8080);
    int http = config.getOptionalValue("kbs.http.port", Integer.class).orElse(-1);
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    return https > 0 ? "https://" + host + ":" + https : "http://" + host + ":" + http;
  }
}
