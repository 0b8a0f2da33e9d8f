package io.trustee.kbs.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  RateLimiter limiter(double rate, double burst, int clients) {
    return new RateLimiter(rate, burst, clients, nanos::get);
  }

  @Test
  void burstIsAllowedThenRefusedWithRetryAfter() {
    RateLimiter l = limiter(2, 5, 100);
    for (int i = 0; i < 5; i++) {
      assertThat(l.tryAcquire("10.0.0.1").allowed()).as("request " + i).isTrue();
    }
    RateLimiter.Decision d = l.tryAcquire("10.0.0.1");
    assertThat(d.allowed()).isFalse();
    assertThat(d.retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void tokensComeBackAtTheRate() {
    RateLimiter l = limiter(2, 1, 100);
    assertThat(l.tryAcquire("a").allowed()).isTrue();
    assertThat(l.tryAcquire("a").allowed()).isFalse();
    nanos.addAndGet(400_000_000L);
    assertThat(l.tryAcquire("a").allowed()).isFalse();
    nanos.addAndGet(200_000_000L);
    assertThat(l.tryAcquire("a").allowed()).isTrue();
  }

  @Test
  void slowRateGivesALongerRetryAfter() {
    RateLimiter l = limiter(0.1, 1, 100);
    l.tryAcquire("a");
    assertThat(l.tryAcquire("a").retryAfterSeconds()).isEqualTo(10);
  }

  @Test
  void clientsHaveTheirOwnBuckets() {
    RateLimiter l = limiter(1, 1, 100);
    assertThat(l.tryAcquire("a").allowed()).isTrue();
    assertThat(l.tryAcquire("a").allowed()).isFalse();
    assertThat(l.tryAcquire("b").allowed()).isTrue();
  }

  @Test
  void aFloodOfAddressesKeepsTheTableBounded() {
    RateLimiter l = limiter(1, 1, 1000);
    for (int i = 0; i < 100_000; i++) {
      l.tryAcquire("spoofed-" + i);
    }
    assertThat(l.trackedClients()).isEqualTo(1000);
  }

  @Test
  void anActiveClientStaysTrackedDuringAFlood() {
    RateLimiter l = limiter(0.001, 1, 10);
    assertThat(l.tryAcquire("busy").allowed()).isTrue();
    for (int i = 0; i < 1000; i++) {
      l.tryAcquire("spoofed-" + i);
      if (i % 5 == 0) {
        assertThat(l.tryAcquire("busy").allowed()).isFalse();
      }
    }
  }

  @Test
  void rateZeroIsOff() {
    RateLimiter l = limiter(0, 1, 10);
    for (int i = 0; i < 100; i++) {
      assertThat(l.tryAcquire("a").allowed()).isTrue();
    }
    assertThat(l.enabled()).isFalse();
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> limiter(-1, 1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter(1, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
