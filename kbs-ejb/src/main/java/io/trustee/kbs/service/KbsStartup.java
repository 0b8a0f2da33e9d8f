package io.trustee.kbs.service;

import io.trustee.kbs.as.DefaultPolicies;
import io.trustee.kbs.runtime.KbsConfigFileSource;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.store.SchemaUpkeep;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
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
 * problem stops the application with a message naming the setting. The keys are loaded by the beans
 * that hold them, when the container creates them ({@code @PostConstruct}); this bean only creates
 * them in a fixed order. Periodic jobs are in {@link Housekeeping}.
 *
 * <p>Every method only reads (volatile flags, the other beans), so the bean has a read lock: the
 * readiness check never waits behind another call.
 *
 * <p>Several replicas may start at the same moment on one (possibly empty) database. Each database
 * step therefore runs in a transaction of its own ({@link StartupTransactions}) and is retried
 * after re-reading when it lost a race against the other replica's identical step (e.g. both
 * inserting the default policies: the loser's commit hits the primary key, the retry finds the row
 * and inserts nothing). "KBS ready" is logged only after every step has committed.
 */
@Singleton
@Startup
@Lock(LockType.READ)
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

  @Inject MountedFileImports mountedFileImports;
  @Inject MountedFiles mountedFiles;
  @Inject StartupTransactions tx;
  @Inject SchemaUpkeep schema;

  private volatile boolean keysLoaded;
  private volatile boolean started;

  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void init() {
    LOG.info(() -> "KBS starting, data directory " + settings.dataDir());
    settings
        .configFilePath()
        .ifPresent(f -> KbsConfigFileSource.logFindings(f, KbsConfigFileSource.read(f)));
    // Each call makes the container create the bean, which loads its keys and checks its settings.
    keysLoaded = vault.loaded() && tokens.loaded() && admin.loaded();
    rvps.service();
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
    List<String> upgraded =
        inTransaction(
            "built-in attestation policy upgrade",
            () -> DefaultPolicies.upgradeUnmodified(attestationPolicies));
    if (!upgraded.isEmpty()) {
      LOG.info(
          () ->
              "default attestation policies upgraded to this release's built-in text (they were an"
                  + " earlier release's, unchanged): "
                  + upgraded);
    }
    inTransaction(
        "mounted files",
        () -> {
          mountedFileImports.importAtStart();
          return null;
        });
    started = true;
    LOG.info(
        () ->
            "KBS ready: "
                + url()
                + "/kbs/v0 (admin: "
                + admin.loaded()
                + ", AS: "
                + url()
                + "/attestation)");
  }

  /**
   * Runs one start-up step in its own transaction, retried (after re-reading) when it lost a race
   * against another replica starting at the same time.
   */
  private <T> T inTransaction(String step, Supplier<T> work) {
    return StartupTransactions.retryingConflicts(
        3,
        () -> tx.call(work),
        () ->
            LOG.info(
                () ->
                    "start-up step '"
                        + step
                        + "' collided with another replica's; "
                        + "retrying after re-reading"));
  }

  public boolean started() {
    return started;
  }

  public boolean keysLoaded() {
    return keysLoaded;
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
