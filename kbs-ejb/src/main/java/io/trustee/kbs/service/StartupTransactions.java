package io.trustee.kbs.service;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.function.Supplier;

/**
 * Runs one step of {@link KbsStartup} in a transaction of its own, so that each step commits (or
 * fails) before the next one starts, and a step that lost a race against another replica starting
 * at the same moment can be retried after re-reading ({@link #retryingConflicts}).
 */
@Stateless
public class StartupTransactions {

  /** Runs {@code work} in a new transaction; it commits when this method returns. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public <T> T call(Supplier<T> work) {
    return work.get();
  }

  /**
   * Calls {@code attempt} (which runs its work through {@link #call} of the container's proxy, so
   * each attempt is a transaction of its own) up to {@code attempts} times while it fails with a
   * lost race ({@link ConcurrentWrites#isConflict}): each retry re-reads the database, so an
   * insert-if-absent that collided with another replica's insert sees that row and stores nothing.
   * Any other failure, or the last conflict, is thrown.
   */
  public static <T> T retryingConflicts(int attempts, Supplier<T> attempt, Runnable onConflict) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be positive");
    }
    for (int i = 1; ; i++) {
      try {
        return attempt.get();
      } catch (RuntimeException e) {
        if (i >= attempts || !ConcurrentWrites.isConflict(e)) {
          throw e;
        }
        onConflict.run();
      }
    }
  }
}
