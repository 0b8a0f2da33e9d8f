package io.trustee.kbs.arquillian;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.util.concurrent.Callable;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Runs test code in a bean-managed JTA transaction of its own, from the (transaction-less) test
 * thread inside the server. The repositories require a caller's transaction, and reading something
 * back "in a new transaction" proves that an earlier one committed.
 */
final class Transactions {
  private Transactions() {}

  static UserTransaction userTransaction() {
    try {
      return (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
    } catch (NamingException e) {
      throw new IllegalStateException("no UserTransaction in java:comp", e);
    }
  }

  /** Begins a transaction, runs {@code work} and commits; rolls back if {@code work} throws. */
  static <T> T inNewTransaction(Callable<T> work) throws Exception {
    UserTransaction tx = userTransaction();
    tx.begin();
    try {
      T result = work.call();
      tx.commit();
      return result;
    } catch (Exception | Error e) {
      rollbackQuietly(tx);
      throw e;
    }
  }

  static void inNewTransaction(ThrowingRunnable work) throws Exception {
    inNewTransaction(
        () -> {
          work.run();
          return null;
        });
  }

  private static void rollbackQuietly(UserTransaction tx) {
    try {
      if (tx.getStatus() != Status.STATUS_NO_TRANSACTION) {
        tx.rollback();
      }
    } catch (SystemException | IllegalStateException e) {
      // The original failure is the one worth reporting.
    }
  }

  /** A {@link Runnable} that may throw. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
