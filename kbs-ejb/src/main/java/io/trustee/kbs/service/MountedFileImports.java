package io.trustee.kbs.service;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Transactions for {@link MountedFiles}: the import at start joins the start-up transaction ({@link
 * KbsStartup}); afterwards {@link Housekeeping} re-checks each file every 15 s, each kind in its
 * own transaction so that a failing one does not hold back the others. Every importer's in-memory
 * state moves forward only when its transaction has committed (a synchronisation registered with
 * the transaction), so a rolled-back import is retried at the next tick.
 */
@Stateless
public class MountedFileImports {
  private static final Logger LOG = Logger.getLogger(MountedFileImports.class.getName());

  @Inject MountedFiles files;
  @Resource TransactionSynchronizationRegistry transactions;
  @Resource SessionContext context;

  /** Imports every mounted file in the caller's transaction (start-up). */
  public void importAtStart() {
    files.importAtStart(this::afterCommit);
  }

  /** Re-imports the files that changed (ConfigMap and Secret updates need no restart). */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void watch() {
    if (!files.started()) {
      return;
    }
    MountedFileImports self = context.getBusinessObject(MountedFileImports.class);
    for (MountedFiles.Kind kind : MountedFiles.Kind.values()) {
      try {
        self.recheck(kind);
      } catch (EJBException | IllegalStateException e) {
        LOG.log(Level.WARNING, "re-import of the mounted " + kind + " failed; retried in 15 s", e);
      }
    }
  }

  /** One kind, in a transaction of its own. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void recheck(MountedFiles.Kind kind) {
    files.recheck(kind, this::afterCommit);
  }

  private void afterCommit(Runnable action) {
    if (transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
      action.run();
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              action.run();
            }
          }
        });
  }
}
