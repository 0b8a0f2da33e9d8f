package io.trustee.kbs.protocol;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code kbs-session-id} cookie value: a random UUID v4 as 32 lowercase hex digits without
 * hyphens (kbs-protocol.md §4). The id is a bearer secret for the session, so {@link #toString()}
 * shows only a prefix; use {@link #value()} to write the cookie.
 *
 * <p>Immutable and thread-safe.
 */
public record SessionId(String value) {
  /** Name of the cookie that carries the id. */
  public static final String COOKIE_NAME = "kbs-session-id";

  private static final Pattern FORMAT = Pattern.compile("^[0-9a-f]{32}$");

  public SessionId {
    Objects.requireNonNull(value, "value");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("session id must be 32 lowercase hex digits");
    }
  }

  /** A new random id (UUID v4 from the JDK's SecureRandom). */
  public static SessionId random() {
    return new SessionId(UUID.randomUUID().toString().replace("-", ""));
  }

  /** Parses a cookie value from a client; anything malformed is simply no session. */
  public static java.util.Optional<SessionId> parse(String cookieValue) {
    if (cookieValue == null || !FORMAT.matcher(cookieValue).matches()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new SessionId(cookieValue));
  }

  @Override
  public String toString() {
    return "SessionId[" + value.substring(0, 6) + "…]";
  }
}
