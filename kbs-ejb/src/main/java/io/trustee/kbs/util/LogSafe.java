package io.trustee.kbs.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Values made safe for one log line. Operators grep the server log for {@code attestation request}
 * and {@code attestation failed}; a value taken from a request (a TEE name, a path, a claim, an
 * error message that echoes input) must not be able to start a line of its own, and a bearer secret
 * (a session id) must not be written at all.
 *
 * <ul>
 *   <li>{@link #escape(String)}: backslash, CR, LF and tab become {@code \\ \r \n \t}; every other
 *       control character (C0, DEL, C1), the Unicode line and paragraph separators, the bidi
 *       controls and lone surrogates become {@code \}{@code uXXXX}; the result is cut to {@value
 *       #MAX_CHARS} characters of input. The escaping is unambiguous because the backslash is
 *       escaped too.
 *   <li>{@link #sessionRef(String)}: {@code session#} and the first 12 hex digits of the SHA-256 of
 *       the id, enough to follow one session through the log, useless for presenting the session.
 * </ul>
 *
 * <p>Tokens and nonces are never logged, not even hashed (appraisal records carry the token hash).
 * Stateless and thread-safe; null is accepted and printed as {@code null} / {@code session#-}.
 */
public final class LogSafe {
  /** At most this many characters of a value are written. */
  public static final int MAX_CHARS = 256;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private LogSafe() {}

  /** {@code value} escaped for a single log line and cut to {@link #MAX_CHARS} characters. */
  public static String escape(String value) {
    return escape(value, MAX_CHARS);
  }

  /** {@code value} escaped for a single log line and cut to {@code max} characters of input. */
  public static String escape(String value, int max) {
    if (value == null) {
      return "null";
    }
    int end = Math.min(value.length(), max);
    if (end < value.length() && end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // do not split a surrogate pair
    }
    StringBuilder sb = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < end
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        sb.append(c).append(value.charAt(++i));
        continue;
      }
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (needsEscape(c)) {
            sb.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (end < value.length()) {
      sb.append("…(").append(value.length()).append(" chars)");
    }
    return sb.toString();
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f) // DEL and C1 controls (U+0085 is NEL, a line break)
        || c == '\u2028'
        || c == '\u2029' // line and paragraph separators
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e'
        || c == '\u200f' // bidi controls (reorder what a reader sees)
        || Character.isSurrogate(c) // reached only for a lone surrogate
        || c == '\ufeff';
  }

  /**
   * A reference to a session for log lines: {@code session#} followed by the first 12 hex digits
   * (48 bits) of SHA-256 over the id's UTF-8 bytes. The id itself is a bearer secret (whoever
   * presents the cookie value holds the session) and is never logged.
   */
  public static String sessionRef(String sessionId) {
    if (sessionId == null || sessionId.isEmpty() || sessionId.equals("-")) {
      return "session#-";
    }
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
      return "session#" + Bytes.toHex(h).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a mandatory JCA algorithm", e);
    }
  }
}
