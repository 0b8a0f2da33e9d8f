package io.trustee.kbs.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A row count that a bound is checked against on every request (live sessions before {@code /auth},
 * appraisal records before {@code /attest}), without a {@code COUNT(*)} per request: the exact
 * count is taken at most once per {@code farTtl} while the estimate is more than 10% below the
 * limit, and once per {@code nearTtl} above that; in between, rows this JVM added are added to it.
 * Rows others add (other replicas) show at the next exact count; rows removed (expiry, purge) too,
 * so between counts the estimate errs high for this JVM's own work, which is the safe side of a
 * bound. Callers that would refuse on the estimate confirm with an exact count first.
 *
 * <p>Thread-safe. The exact count runs outside the lock (a database count may wait for rows other
 * requests have locked; those requests must not be waiting for this lock), by one thread at a time:
 * the others use the estimate meanwhile.
 */
public final class CountEstimate {
  private final Duration farTtl;
  private final Duration nearTtl;
  private long exact; // guarded by this
  private long addedSince; // guarded by this
  private Instant countedAt; // guarded by this; null = never (or invalidated)
  private boolean refreshing; // guarded by this

  public CountEstimate(Duration farTtl, Duration nearTtl) {
    this.farTtl = Objects.requireNonNull(farTtl, "farTtl");
    this.nearTtl = Objects.requireNonNull(nearTtl, "nearTtl");
  }

  /**
   * The estimated count at {@code now}, counting exactly with {@code exactCount} when the last
   * exact count is older than the TTL that applies (by how close the estimate is to {@code limit}).
   */
  public long estimate(Instant now, long limit, LongSupplier exactCount) {
    synchronized (this) {
      long est = exact + addedSince;
      Duration ttl = limit - est > limit / 10 ? farTtl : nearTtl;
      boolean fresh = countedAt != null && now.isBefore(countedAt.plus(ttl));
      if (fresh || (refreshing && countedAt != null)) {
        return est;
      }
      refreshing = true;
    }
    long n;
    try {
      n = exactCount.getAsLong();
    } finally {
      synchronized (this) {
        refreshing = false;
      }
    }
    synchronized (this) {
      exact = n;
      addedSince = 0;
      countedAt = now;
      return n;
    }
  }

  /** Rows this JVM has just added (negative: removed). */
  public synchronized void added(long rows) {
    addedSince += rows;
  }

  /** Forgets the estimate: the next call counts exactly (after this JVM removed rows). */
  public synchronized void invalidate() {
    countedAt = null;
    addedSince = 0;
  }
}
