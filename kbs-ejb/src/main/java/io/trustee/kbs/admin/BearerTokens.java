package io.trustee.kbs.admin;

import io.trustee.kbs.token.CompactJws;
import io.trustee.kbs.token.TokenVerificationException;
import java.util.Optional;

/** Package helpers shared by the token-based modes. Stateless. */
final class BearerTokens {
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
}
