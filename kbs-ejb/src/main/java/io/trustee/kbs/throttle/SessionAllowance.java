package io.trustee.kbs.throttle;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * How many live RCAR sessions each client has opened on this replica, capped at {@code
 * maxPerClient}: {@link #tryReserve} takes a place until the session's expiry, {@link #release}
 * gives it back when {@code /auth} did not open a session after all. At most {@code maxClients}
 * clients are tracked (least recently used out). Thread-safe.
 */
public final class SessionAllowance {
  private final int maxPerClient;
  private final BoundedLru<String, ArrayDeque<Long>> open;

  public SessionAllowance(int maxPerClient, int maxClients) {
    if (maxPerClient < 1) {
      throw new IllegalArgumentException("maxPerClient must be at least 1");
    }
    this.maxPerClient = maxPerClient;
    this.open = new BoundedLru<>(maxClients);
  }

  /**
   * Reserves a session expiring at {@code expiresMillis} for {@code client}, unless it already has
   * {@code maxPerClient} sessions live at {@code nowMillis}.
   */
  public boolean tryReserve(String client, long nowMillis, long expiresMillis) {
    synchronized (open) {
      ArrayDeque<Long> expiries = open.computeIfAbsent(client, c -> new ArrayDeque<>());
      expiries.removeIf(e -> e <= nowMillis);
      if (expiries.size() >= maxPerClient) {
        return false;
      }
      expiries.addLast(expiresMillis);
      return true;
    }
  }

  /** Gives back a reservation made with the same expiry. */
  public void release(String client, long expiresMillis) {
    synchronized (open) {
      ArrayDeque<Long> expiries = open.get(client);
      if (expiries == null) {
        return;
      }
      for (Iterator<Long> it = expiries.descendingIterator(); it.hasNext(); ) {
        if (it.next() == expiresMillis) {
          it.remove();
          break;
        }
      }
    }
  }

  /** Seconds until the client's oldest live session expires (a good {@code Retry-After}). */
  public long secondsUntilAPlaceFrees(String client, long nowMillis) {
    synchronized (open) {
      ArrayDeque<Long> expiries = open.get(client);
      long first =
          expiries == null || expiries.isEmpty()
              ? nowMillis
              : expiries.stream().mapToLong(Long::longValue).min().getAsLong();
      return Math.max(1, (first - nowMillis + 999) / 1000);
    }
  }
}
