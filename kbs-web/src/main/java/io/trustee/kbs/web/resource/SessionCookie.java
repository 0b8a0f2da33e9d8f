package io.trustee.kbs.web.resource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The session cookie of kbs-protocol.md §4: {@code kbs-session-id=<32 hex>; Expires=<IMF date>}. We
 * add {@code Path=/kbs/v0} (allowed by the spec, and what a cookie jar derives anyway) and {@code
 * HttpOnly}; not {@code Secure}, because behind a TLS-terminating route the KBS itself may speak
 * plain HTTP.
 */
final class SessionCookie {
  static final String NAME = "kbs-session-id";

  private SessionCookie() {}

  static String header(String sessionId, Instant expiresAt) {
    return NAME
        + "="
        + sessionId
        + "; Expires="
        + DateTimeFormatter.RFC_1123_DATE_TIME.format(expiresAt.atOffset(ZoneOffset.UTC))
        + "; Path=/kbs/v0; HttpOnly";
  }
}
