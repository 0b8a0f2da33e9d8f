package io.trustee.kbs.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.token.CompactJws;
import io.trustee.kbs.token.TokenVerificationException;
import java.time.Instant;
import java.util.Optional;

/** Package helpers shared by the token-based modes. Stateless. */
final class BearerTokens {
  static final long LEEWAY_SECONDS = 60;

  private BearerTokens() {}

  /** Extracts and splits the bearer token; the token text never appears in errors. */
  static CompactJws parse(Optional<String> header) throws AdminAuthException {
    if (header.isEmpty() || header.get().isBlank()) {
      throw new AdminAuthException(
          AdminAuthException.Reason.MISSING_CREDENTIALS, "Authorization: Bearer header required");
    }
    String h = header.get().trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AdminAuthException(
          AdminAuthException.Reason.MALFORMED_TOKEN, "Authorization scheme must be Bearer");
    }
    try {
      return CompactJws.parse(h.substring(7).trim());
    } catch (TokenVerificationException e) {
      throw new AdminAuthException(AdminAuthException.Reason.MALFORMED_TOKEN, e.getMessage());
    }
  }

  /** Checks {@code exp} (required or optional) and, if present, {@code nbf}, with leeway. */
  static void checkTimes(JsonNode claims, boolean expRequired, Instant now)
      throws AdminAuthException {
    JsonNode exp = claims.get("exp");
    if (exp == null) {
      if (expRequired) {
        throw new AdminAuthException(AdminAuthException.Reason.EXPIRED, "exp claim required");
      }
    } else if (!exp.isNumber()) {
      throw new AdminAuthException(
          AdminAuthException.Reason.MALFORMED_TOKEN, "exp is not a number");
    } else if (now.getEpochSecond() > exp.asLong() + LEEWAY_SECONDS) {
      throw new AdminAuthException(AdminAuthException.Reason.EXPIRED, "token expired");
    }
    JsonNode nbf = claims.get("nbf");
    if (nbf != null && nbf.isNumber() && now.getEpochSecond() + LEEWAY_SECONDS < nbf.asLong()) {
      throw new AdminAuthException(AdminAuthException.Reason.EXPIRED, "token not yet valid");
    }
  }
}
