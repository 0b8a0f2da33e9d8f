package io.trustee.kbs.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CountEstimateTest {
  private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
  private final AtomicLong rows = new AtomicLong();
  private final AtomicInteger counts = new AtomicInteger();

  private long count() {
    counts.incrementAndGet();
    return rows.get();
  }

  @Test
  void countsOnceThenAddsWhatThisJvmAddedUntilTheFarTtl() {
    CountEstimate e = new CountEstimate(Duration.ofSeconds(60), Duration.ofSeconds(1));
    rows.set(100);
    assertThat(e.estimate(T0, 10_000, this::count)).isEqualTo(100);
    e.added(5);
    rows.set(90); // another replica's purge: not seen before the TTL
    assertThat(e.estimate(T0.plusSeconds(59), 10_000, this::count)).isEqualTo(105);
    assertThat(counts).hasValue(1);
    assertThat(e.estimate(T0.plusSeconds(60), 10_000, this::count)).isEqualTo(90);
    assertThat(counts).hasValue(2);
  }

  @Test
  void nearTheLimitItCountsEverySecond() {
    CountEstimate e = new CountEstimate(Duration.ofSeconds(60), Duration.ofSeconds(1));
    rows.set(950);
    e.estimate(T0, 1000, this::count);
    assertThat(e.estimate(T0.plusMillis(999), 1000, this::count)).isEqualTo(950);
    assertThat(counts).hasValue(1);
    rows.set(960);
    assertThat(e.estimate(T0.plusSeconds(1), 1000, this::count)).isEqualTo(960);
    assertThat(counts).hasValue(2);
  }

  @Test
  void invalidateForcesAnExactCount() {
    CountEstimate e = new CountEstimate(Duration.ofSeconds(60), Duration.ofSeconds(1));
    rows.set(10);
    e.estimate(T0, 1000, this::count);
    e.added(3);
    e.invalidate();
    rows.set(2);
    assertThat(e.estimate(T0, 1000, this::count)).isEqualTo(2);
    assertThat(counts).hasValue(2);
  }

  @Test
  void whileOneThreadCountsOthersGetTheEstimate() throws Exception {
    CountEstimate e = new CountEstimate(Duration.ofSeconds(1), Duration.ofSeconds(1));
    rows.set(10);
    e.estimate(T0, 1000, this::count);
    var inCount = new java.util.concurrent.CountDownLatch(1);
    var release = new java.util.concurrent.CountDownLatch(1);
    Thread slow =
        new Thread(
            () ->
                e.estimate(
                    T0.plusSeconds(5),
                    1000,
                    () -> {
                      inCount.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                      }
                      return 20;
                    }));
    slow.start();
    inCount.await();
    assertThat(e.estimate(T0.plusSeconds(5), 1000, this::count)).isEqualTo(10);
    assertThat(counts).hasValue(1);
    release.countDown();
    slow.join();
    assertThat(e.estimate(T0.plusSeconds(5), 1000, this::count)).isEqualTo(20);
  }
}
