package io.trustee.kbs.service;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Recognises a failed write that lost a race against another transaction (another replica or a
 * parallel request on the same object), as opposed to a malfunction. Such a write stored nothing:
 * the web layer answers 409 {@code ConcurrentModification} and the client may retry; start-up
 * retries it after re-reading. It is never a 500 and never a silently lost write.
 *
 * <p>A race shows up, somewhere in the cause chain of what the container throws, as an optimistic
 * lock failure (JPA's or EclipseLink's {@code OptimisticLockException}: the row's version changed
 * or the row was deleted since it was read), a unique-key violation (SQLState 23505: two
 * transactions inserted the same key), or a serialization failure or deadlock (SQLState 40001,
 * 40P01; Derby 40XL1/40XL2 lock timeouts). Classes are matched by name so that this stays plain
 * Java. Thread-safe (stateless).
 */
public final class ConcurrentWrites {
  private static final Set<String> SQL_STATES = Set.of("23505", "40001", "40P01", "40XL1", "40XL2");
  private static final int MAX_DEPTH = 32;

  private ConcurrentWrites() {}

  /** Whether {@code t} (or any of its causes) is a lost race rather than a malfunction. */
  public static boolean isConflict(Throwable t) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable c = t; c != null && seen.add(c) && seen.size() <= MAX_DEPTH; c = c.getCause()) {
      String name = c.getClass().getSimpleName();
      if (name.equals("OptimisticLockException") || name.equals("EntityExistsException")) {
        return true;
      }
      if (c instanceof SQLException s) {
        SQLException n = s;
        for (int i = 0; n != null && i < MAX_DEPTH; i++, n = n.getNextException()) {
          if (n.getSQLState() != null && SQL_STATES.contains(n.getSQLState())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
