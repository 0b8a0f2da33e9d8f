package io.trustee.kbs.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time rules every admin mode applies to its bearer JWTs: {@code exp} is required (an admin
 * token without one would never expire, so a leaked one would be a permanent key), must not have
 * passed, and must not lie more than {@link #maxLifetime()} in the future (a token minted to last a
 * year is the same risk); {@code nbf}, when present, must have been reached. All with {@link
 * #LEEWAY} for clock skew. {@link #allowMissingExp()} is the legacy switch for old tooling that
 * mints tokens without {@code exp} ({@code kbs.admin.allow-tokens-without-exp}); a token that has
 * an {@code exp} is still bounded.
 *
 * <p>Immutable and thread-safe.
 */
public record AdminTokenLifetime(Duration maxLifetime, boolean allowMissingExp) {
  /** Leeway for clock skew on {@code exp}, {@code nbf} and the maximum lifetime. */
  public static final Duration LEEWAY = Duration.ofSeconds(60);

  /** The defaults: {@code exp} required, at most 24 hours ahead. */
  public static final AdminTokenLifetime DEFAULT =
      new AdminTokenLifetime(Duration.ofHours(24), false);

  public AdminTokenLifetime {
    Objects.requireNonNull(maxLifetime, "maxLifetime");
    if (maxLifetime.isNegative() || maxLifetime.isZero()) {
      throw new IllegalArgumentException(
          "kbs.admin.max-token-lifetime must be positive: " + maxLifetime);
    }
  }

  /**
   * Checks the time claims of a verified admin token.
   *
   * @throws AdminAuthException {@code EXPIRED} (missing, past or too distant {@code exp}, future
   *     {@code nbf}) or {@code MALFORMED_TOKEN} (non-numeric {@code exp})
   */
  public void check(JsonNode claims, Instant now) throws AdminAuthException {
    long t = now.getEpochSecond();
    long leeway = LEEWAY.getSeconds();
    JsonNode exp = claims.get("exp");
    if (exp == null) {
      if (!allowMissingExp) {
        throw new AdminAuthException(AdminAuthException.Reason.EXPIRED, "exp claim required");
      }
    } else if (!exp.isNumber()) {
      throw new AdminAuthException(
          AdminAuthException.Reason.MALFORMED_TOKEN, "exp is not a number");
    } else if (t > exp.asLong() + leeway) {
      throw new AdminAuthException(AdminAuthException.Reason.EXPIRED, "token expired");
    } else if (exp.asLong() - t > maxLifetime.getSeconds() + leeway) {
      throw new AdminAuthException(
          AdminAuthException.Reason.EXPIRED,
          "exp is more than " + maxLifetime + " in the future (kbs.admin.max-token-lifetime)");
    }
    JsonNode nbf = claims.get("nbf");
    if (nbf != null && nbf.isNumber() && t + leeway < nbf.asLong()) {
      throw new AdminAuthException(AdminAuthException.Reason.EXPIRED, "token not yet valid");
    }
  }
}
