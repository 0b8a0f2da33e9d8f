package io.trustee.kbs.service;

import io.trustee.kbs.as.DefaultPolicies;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.store.AppraisalRepository;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Start-up of the KBS: loads or creates the keys (token signer, admin key, key-encryption key),
 * checks the configuration, installs the default policies where none is stored, imports the
 * operator's mounted files (resource directory, resource policy, reference-value file; see {@link
 * MountedFiles}, which also re-imports them when they change) and logs the URL when ready. Any
 * problem stops the application with a message naming the setting. Afterwards it purges old
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
 * replica is simply not there for the other), and a mounted-file import that collides with the
 * other replica's import of the same file fails as a whole, is logged, leaves the winner's
 * identical rows, and moves this replica's in-memory state only after a commit.
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
  @Inject AppraisalRepository appraisals;
  @Inject Clock clock;

  @Inject MountedFileImports mountedFileImports;
  @Inject MountedFiles mountedFiles;
  @Inject StartupTransactions tx;
  @Inject SchemaUpkeep schema;

  private volatile boolean started;

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
    inTransaction("mounted files", () -> {
      mountedFileImports.importAtStart();
      return null;
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
    out.addAll(mountedFiles.warnings());
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
