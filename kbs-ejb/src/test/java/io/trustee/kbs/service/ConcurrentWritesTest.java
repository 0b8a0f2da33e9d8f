package io.trustee.kbs.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

class ConcurrentWritesTest {

  /** Stand-in with the simple name the container's and EclipseLink's exceptions share. */
  static final class OptimisticLockException extends RuntimeException {
    OptimisticLockException() {
      super("row changed");
    }
  }

  @Test
  void optimisticLockFailureDeepInTheChainIsAConflict() {
    Throwable t =
        new RuntimeException(
            "EJBException",
            new IllegalStateException("RollbackException", new OptimisticLockException()));
    assertTrue(ConcurrentWrites.isConflict(t));
  }

  @Test
  void uniqueKeyViolationIsAConflict() {
    SQLException dup = new SQLException("duplicate key value violates unique constraint", "23505");
    assertTrue(ConcurrentWrites.isConflict(new RuntimeException("commit failed", dup)));
  }

  @Test
  void serializationFailureInANextExceptionIsAConflict() {
    SQLException batch = new SQLException("batch failed", "XX000");
    batch.setNextException(new SQLException("could not serialize access", "40001"));
    assertTrue(ConcurrentWrites.isConflict(new RuntimeException(batch)));
  }

  @Test
  void otherIntegrityViolationsAreMalfunctions() {
    // 23502: NOT NULL violated - a bug, not a race.
    SQLException notNull = new SQLIntegrityConstraintViolationException("null value", "23502");
    assertFalse(ConcurrentWrites.isConflict(new RuntimeException(notNull)));
    assertFalse(ConcurrentWrites.isConflict(new IllegalStateException("boom")));
    assertFalse(ConcurrentWrites.isConflict(new SQLException("no state")));
    assertFalse(ConcurrentWrites.isConflict(null));
  }

  @Test
  void causeCyclesEnd() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertFalse(ConcurrentWrites.isConflict(a));
  }
}
