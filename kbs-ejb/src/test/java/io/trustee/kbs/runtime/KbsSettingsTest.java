package io.trustee.kbs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KbsSettingsTest {

  @Test
  void plainNumbersAreMinutesAsUpstreamCounts() {
    assertThat(KbsSettings.parseDuration("5")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void isoDurationsAreAccepted() {
    assertThat(KbsSettings.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void garbageNamesTheExpectedFormats() {
    assertThatThrownBy(() -> KbsSettings.parseDuration("five minutes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO-8601");
  }
}
