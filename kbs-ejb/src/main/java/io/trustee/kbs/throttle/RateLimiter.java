package io.trustee.kbs.throttle;

import java.util.function.LongSupplier;

/**
 * A token bucket per client: a client may make {@code burst} requests at once and then {@code rate}
 * per second. At most {@code maxClients} buckets are kept (least recently used out): a client whose
 * bucket was dropped starts again with a full one, so a flood of spoofed addresses costs memory for
 * {@code maxClients} entries and nothing more. A rate of 0 turns the limiter off.
 *
 * <p>Thread-safe (one lock; each call is a few arithmetic operations).
 */
public final class RateLimiter {
  /** The answer for one request: allowed, or refused with the seconds until a token is back. */
  public record Decision(boolean allowed, long retryAfterSeconds) {
    static final Decision ALLOWED = new Decision(true, 0);
  }

  private static final class Bucket {
    double tokens;
    long lastNanos;
  }

  private final double ratePerSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private final BoundedLru<String, Bucket> buckets;

  public RateLimiter(double ratePerSecond, double burst, int maxClients, LongSupplier nanoTime) {
    if (!(ratePerSecond >= 0) || !(burst >= 1)) {
      throw new IllegalArgumentException("rate must be >= 0 and burst >= 1");
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.buckets = new BoundedLru<>(maxClients);
  }

  public RateLimiter(double ratePerSecond, double burst, int maxClients) {
    this(ratePerSecond, burst, maxClients, System::nanoTime);
  }

  public boolean enabled() {
    return ratePerSecond > 0;
  }

  /** Takes one token from {@code client}'s bucket if there is one. */
  public Decision tryAcquire(String client) {
    if (!enabled()) {
      return Decision.ALLOWED;
    }
    long now = nanoTime.getAsLong();
    synchronized (buckets) {
      Bucket b = buckets.get(client);
      if (b == null) {
        b = new Bucket();
        b.tokens = burst;
        b.lastNanos = now;
        buckets.put(client, b);
      } else {
        double elapsed = Math.max(0, now - b.lastNanos) / 1e9;
        b.tokens = Math.min(burst, b.tokens + elapsed * ratePerSecond);
        b.lastNanos = now;
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return Decision.ALLOWED;
      }
      double wait = (1 - b.tokens) / ratePerSecond;
      return new Decision(false, Math.max(1, (long) Math.ceil(wait)));
    }
  }

  /** Clients currently tracked (for tests and metrics). */
  public int trackedClients() {
    synchronized (buckets) {
      return buckets.size();
    }
  }
}
