package io.trustee.kbs.service;

import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.session.SessionRepository;
import io.trustee.kbs.store.AppraisalRepository;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every periodic job of the KBS, on non-persistent timers:
 *
 * <ol>
 *   <li>every 15 s, re-import the mounted files that changed ({@link MountedFileImports#watch()},
 *       no transaction here, one per kind of file there);
 *   <li>every minute, delete expired RCAR sessions, as upstream does (kbs-protocol.md §4; expired
 *       sessions are already refused on use, this keeps the table small), in one transaction;
 *   <li>hourly, delete appraisal records older than {@code kbs.appraisal.retention}, in one
 *       transaction.
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
  @Inject SessionRepository sessions;
  @Inject AppraisalRepository appraisals;
  @Inject KbsSettings settings;
  @Inject Clock clock;

  /** Re-imports the mounted files that changed (ConfigMap and Secret updates need no restart). */
  @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void watchMountedFiles() {
    mountedFileImports.watch();
  }

  /** Deletes expired RCAR sessions. */
  @Schedule(hour = "*", minute = "*", second = "17", persistent = false)
  public void purgeExpiredSessions() {
    int n = sessions.purgeExpired(clock.instant());
    if (n > 0) {
      LOG.log(Level.FINE, "purged {0} expired sessions", n);
    }
  }

  /** Deletes appraisal records older than the retention. */
  @Schedule(hour = "*", minute = "41", persistent = false)
  public void purgeAppraisals() {
    appraisals.purgeOlderThan(clock.instant().minus(settings.appraisalRetention()));
  }
}
