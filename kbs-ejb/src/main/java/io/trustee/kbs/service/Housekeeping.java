package io.trustee.kbs.service;

import io.trustee.kbs.runtime.KbsSettings;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every periodic job of the KBS, on non-persistent timers:
 *
 * <ol>
 *   <li>every 15 s, re-import the mounted files that changed ({@link MountedFileImports#watch()},
 *       no transaction here, one per kind of file there);
 *   <li>every minute, delete expired RCAR sessions, as upstream does (kbs-protocol.md §4; expired
 *       sessions are already refused on use, this keeps the table small), in batches of {@link
 *       PurgeBatches#BATCH} rows, one transaction each;
 *   <li>hourly, delete appraisal records older than {@code kbs.appraisal.retention}, in batches
 *       likewise;
 *   <li>hourly, when {@code kbs.audit.retention-days} is set, export and delete audit events older
 *       than that, in batches likewise ({@link AuditPurges}).
 * </ol>
 *
 * <p>The timers run on every replica (non-persistent timers are per JVM). That is safe: both purges
 * are idempotent {@code DELETE ... WHERE ... < cutoff} (a row deleted by one replica is simply not
 * there for the other), and a mounted-file import that collides with the other replica's import of
 * the same file fails as a whole, is logged, leaves the winner's identical rows, and moves this
 * replica's in-memory state only after a commit. The jobs share no state, so the bean has a read
 * lock: a slow file import never delays a purge.
 */
@Singleton
@Lock(LockType.READ)
public class Housekeeping {
  private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

  @Inject MountedFileImports mountedFileImports;
  @Inject PurgeBatches purges;
  @Inject AuditPurges auditPurges;
  @Inject KbsSettings settings;
  @Inject Clock clock;

  /** Re-imports the mounted files that changed (ConfigMap and Secret updates need no restart). */
  @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void watchMountedFiles() {
    mountedFileImports.watch();
  }

  /** Deletes expired RCAR sessions, batch by batch. */
  @Schedule(hour = "*", minute = "*", second = "17", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void purgeExpiredSessions() {
    Instant now = clock.instant();
    long n = inBatches(() -> purges.expiredSessions(now));
    if (n > 0) {
      LOG.log(Level.FINE, "purged {0} expired sessions", n);
    }
  }

  /** Deletes appraisal records older than the retention, batch by batch. */
  @Schedule(hour = "*", minute = "41", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void purgeAppraisals() {
    Instant before = clock.instant().minus(settings.appraisalRetention());
    long n = inBatches(() -> purges.appraisalsOlderThan(before));
    if (n > 0) {
      LOG.log(Level.INFO, "appraisal records: purged {0} older than the retention", n);
    }
  }

  /** Exports and deletes audit events older than the retention (none when it is 0), by batch. */
  @Schedule(hour = "*", minute = "53", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void purgeAuditEvents() {
    int days = settings.auditRetentionDays();
    if (days == 0) {
      return;
    }
    Instant before = clock.instant().minus(java.time.Duration.ofDays(days));
    try {
      long n = inBatches(() -> auditPurges.olderThan(before, settings.auditExportDir()));
      if (n > 0) {
        LOG.log(Level.INFO, "audit events: exported and purged {0} older than the retention", n);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "audit purge stopped: " + e.getMessage(), e);
    }
  }

  /** Runs batches until one comes back short; returns the rows deleted. */
  static long inBatches(java.util.function.IntSupplier batch) {
    long total = 0;
    int n;
    do {
      n = batch.getAsInt();
      total += n;
    } while (n >= PurgeBatches.BATCH);
    return total;
  }
}
