package io.trustee.kbs.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionAllowanceTest {

  @Test
  void capPerClientAndPlacesFreeAtExpiry() {
    SessionAllowance a = new SessionAllowance(2, 100);
    assertThat(a.tryReserve("c", 0, 300_000)).isTrue();
    assertThat(a.tryReserve("c", 1_000, 301_000)).isTrue();
    assertThat(a.tryReserve("c", 2_000, 302_000)).isFalse();
    assertThat(a.secondsUntilAPlaceFrees("c", 2_000)).isEqualTo(298);
    assertThat(a.tryReserve("other", 2_000, 302_000)).isTrue();
    assertThat(a.tryReserve("c", 300_000, 600_000)).isTrue();
  }

  @Test
  void releaseGivesThePlaceBack() {
    SessionAllowance a = new SessionAllowance(1, 100);
    assertThat(a.tryReserve("c", 0, 300_000)).isTrue();
    a.release("c", 300_000);
    assertThat(a.tryReserve("c", 0, 300_000)).isTrue();
  }

  @Test
  void tableIsBounded() {
    SessionAllowance a = new SessionAllowance(1, 10);
    for (int i = 0; i < 10_000; i++) {
      assertThat(a.tryReserve("spoofed-" + i, 0, 300_000)).isTrue();
    }
    // The oldest were dropped: memory stays bounded (a dropped client starts again).
    assertThat(a.tryReserve("spoofed-0", 0, 300_000)).isTrue();
    assertThat(a.tryReserve("spoofed-9999", 0, 300_000)).isFalse();
  }
}
