package io.trustee.kbs.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The time rules of admin tokens, at their boundaries. */
class AdminTokenLifetimeTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_767_225_600L);
  private static final long DAY = 24 * 3600;

  private static ObjectNode exp(long exp) {
    return Jwts.M.createObjectNode().put("exp", exp);
  }

  private static AdminAuthException.Reason reason(AdminTokenLifetime l, ObjectNode claims) {
    try {
      l.check(claims, NOW);
    } catch (AdminAuthException e) {
      return e.reason();
    }
    throw new AssertionError("expected refusal");
  }

  @Test
  void defaultsAreExpRequiredAndAtMost24Hours() {
    assertThat(AdminTokenLifetime.DEFAULT.maxLifetime()).isEqualTo(Duration.ofHours(24));
    assertThat(AdminTokenLifetime.DEFAULT.allowMissingExp()).isFalse();
  }

  @Test
  void missingExpIsRefusedByDefault() {
    assertThat(reason(AdminTokenLifetime.DEFAULT, Jwts.M.createObjectNode().put("iat", 1)))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
  }

  @Test
  void missingExpIsAcceptedWithTheLegacySwitch() {
    assertThatCode(
            () ->
                new AdminTokenLifetime(Duration.ofHours(24), true)
                    .check(Jwts.M.createObjectNode(), NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void expAtTheMaximumPlusLeewayIsAcceptedOneSecondMoreIsRefused() throws Exception {
    AdminTokenLifetime.DEFAULT.check(exp(NOW.getEpochSecond() + DAY + 60), NOW);
    assertThat(reason(AdminTokenLifetime.DEFAULT, exp(NOW.getEpochSecond() + DAY + 61)))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
  }

  @Test
  void farFutureExpIsRefusedEvenWithTheLegacySwitch() {
    AdminTokenLifetime legacy = new AdminTokenLifetime(Duration.ofHours(24), true);
    assertThat(reason(legacy, exp(NOW.getEpochSecond() + 3650 * DAY)))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
  }

  @Test
  void configuredMaximumIsHonoured() throws Exception {
    AdminTokenLifetime hour = new AdminTokenLifetime(Duration.ofHours(1), false);
    hour.check(exp(NOW.getEpochSecond() + 3600), NOW);
    assertThat(reason(hour, exp(NOW.getEpochSecond() + 7200)))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
  }

  @Test
  void expiredAndNotYetValidAndNonNumericAreRefused() {
    assertThat(reason(AdminTokenLifetime.DEFAULT, exp(NOW.getEpochSecond() - 61)))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
    assertThat(
            reason(
                AdminTokenLifetime.DEFAULT,
                exp(NOW.getEpochSecond() + 300).put("nbf", NOW.getEpochSecond() + 120)))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
    assertThat(reason(AdminTokenLifetime.DEFAULT, Jwts.M.createObjectNode().put("exp", "soon")))
        .isEqualTo(AdminAuthException.Reason.MALFORMED_TOKEN);
  }

  @Test
  void nonPositiveMaximumIsRefused() {
    assertThatThrownBy(() -> new AdminTokenLifetime(Duration.ZERO, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kbs.admin.max-token-lifetime");
  }
}
