package io.trustee.kbs.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  @Test
  void withoutATrustedHeaderThePeerCounts() {
    assertThat(ClientAddress.of("192.0.2.7", Optional.empty())).isEqualTo("192.0.2.7");
  }

  @Test
  void theProxyAppendedEntryCountsNotTheClientSuppliedOnes() {
    assertThat(ClientAddress.of("10.128.0.5", Optional.of("1.1.1.1, 2.2.2.2, 198.51.100.9")))
        .isEqualTo("198.51.100.9");
    assertThat(ClientAddress.of("10.128.0.5", Optional.of("198.51.100.9")))
        .isEqualTo("198.51.100.9");
  }

  @Test
  void emptyHeaderFallsBackToThePeer() {
    assertThat(ClientAddress.of("10.128.0.5", Optional.of(" , "))).isEqualTo("10.128.0.5");
  }

  @Test
  void longValuesAreCut() {
    assertThat(ClientAddress.of("p", Optional.of("x".repeat(10_000)))).hasSize(64);
  }
}
