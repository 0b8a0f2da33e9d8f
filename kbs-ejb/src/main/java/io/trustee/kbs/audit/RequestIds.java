package io.trustee.kbs.audit;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request ids ({@code X-Request-Id}): a caller's id is kept when it is 1-{@value #MAX_LENGTH}
 * characters of {@code [A-Za-z0-9._:-]} (safe in logs, headers and JSON without escaping), else a
 * random UUID is used. Stateless.
 */
public final class RequestIds {
  public static final int MAX_LENGTH = 128;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

  private RequestIds() {}

  public static boolean isSane(String id) {
    return id != null && SAFE.matcher(id).matches();
  }

  /** The caller's id if sane, else a fresh one. */
  public static String acceptOrGenerate(Optional<String> incoming) {
    return incoming.map(String::trim).filter(RequestIds::isSane).orElseGet(RequestIds::generate);
  }

  public static String generate() {
    return UUID.randomUUID().toString();
  }
}
