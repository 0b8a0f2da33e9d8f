package io.trustee.kbs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartupTransactionsTest {
  private static RuntimeException duplicateKey() {
    return new RuntimeException("commit failed", new SQLException("duplicate key", "23505"));
  }

  @Test
  void aLostInsertRaceIsRetriedAndTheRetrySucceeds() {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    String r =
        StartupTransactions.retryingConflicts(
            3,
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw duplicateKey();
              }
              return "stored nothing, row was there";
            },
            conflicts::incrementAndGet);
    assertEquals("stored nothing, row was there", r);
    assertEquals(2, calls.get());
    assertEquals(1, conflicts.get());
  }

  @Test
  void aMalfunctionIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException boom =
        new IllegalStateException("kbs.resource.policy-file: no such file");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                StartupTransactions.retryingConflicts(
                    3,
                    () -> {
                      calls.incrementAndGet();
                      throw boom;
                    },
                    () -> {}));
    assertSame(boom, thrown);
    assertEquals(1, calls.get());
  }

  @Test
  void conflictsBeyondTheAttemptsAreThrown() {
    AtomicInteger calls = new AtomicInteger();
    assertThrows(
        RuntimeException.class,
        () ->
            StartupTransactions.retryingConflicts(
                3,
                () -> {
                  calls.incrementAndGet();
                  throw duplicateKey();
                },
                () -> {}));
    assertEquals(3, calls.get());
  }
}
