package io.trustee.kbs.client;

/**
 * The intended start times of an open-loop run ({@code --rate R}): arrival {@code i} is due at
 * {@code start + i / R} seconds, whatever happened to the arrivals before it. A run that falls
 * behind keeps these times, and every latency is measured from the intended start, so time spent
 * waiting for a free guest counts (the "coordinated omission" a closed loop hides). Immutable.
 */
final class LoadArrivals {
  private final long startNanos;
  private final double nanosPerArrival;

  LoadArrivals(long startNanos, double ratePerSecond) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("--rate: must be a positive number");
    }
    this.startNanos = startNanos;
    this.nanosPerArrival = 1e9 / ratePerSecond;
  }

  /** The intended start of arrival {@code i} (0-based), on the {@link System#nanoTime} clock. */
  long intendedStart(long i) {
    if (i < 0) {
      throw new IllegalArgumentException("arrival index must not be negative");
    }
    return startNanos + Math.round(i * nanosPerArrival);
  }

  /** The number of arrivals intended before {@code endNanos}. */
  long countBefore(long endNanos) {
    if (endNanos <= startNanos) {
      return 0;
    }
    long n = (long) Math.ceil((endNanos - startNanos) / nanosPerArrival);
    while (n > 0 && intendedStart(n - 1) >= endNanos) {
      n--;
    }
    while (intendedStart(n) < endNanos) {
      n++;
    }
    return n;
  }
}
