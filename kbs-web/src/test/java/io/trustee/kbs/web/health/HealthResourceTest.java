package io.trustee.kbs.web.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The KBS listener's probes give states only, never the checks' data. */
class HealthResourceTest {

  private static HealthCheck check(boolean up) {
    return () -> new TestResponse(up);
  }

  /** A response with data, as ReadinessCheck gives. */
  static final class TestResponse extends HealthCheckResponse {
    TestResponse(boolean up) {
      super(
          "kbs",
          up ? Status.UP : Status.DOWN,
          java.util.Optional.of(java.util.Map.of("database-sessions", 42L, "keys-loaded", true)));
    }
  }

  @Test
  void upHasStatesWithoutData() {
    HealthResource.Answer r = HealthResource.answer(List.of(check(true)));
    assertThat(r.up()).isTrue();
    assertThat(r.body())
        .isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"kbs\",\"status\":\"UP\"}]}")
        .doesNotContain("42")
        .doesNotContain("keys-loaded");
  }

  @Test
  void oneDownOrFailingCheckIsDown() {
    assertThat(HealthResource.answer(List.of(check(true), check(false))).up()).isFalse();
    HealthCheck broken =
        () -> {
          throw new IllegalStateException("db gone");
        };
    HealthResource.Answer r = HealthResource.answer(List.of(broken));
    assertThat(r.up()).isFalse();
    assertThat(r.body()).contains("\"status\":\"DOWN\"").doesNotContain("db gone");
  }
}
