package io.trustee.kbs.config;

import java.util.Objects;

/**
 * The configuration cannot be used: unreadable or malformed file, a value of the wrong type, an
 * unknown enum value, a referenced key or certificate file that does not exist, or a combination
 * the server refuses to run with (kbs-config.md §6.6). Carries the dotted key (e.g. {@code
 * http_server.private_key}). A start-up error.
 */
public final class KbsConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String key;

  public KbsConfigException(String key, String detail) {
    super(key + ": " + detail);
    this.key = Objects.requireNonNull(key, "key");
  }

  public KbsConfigException(String key, String detail, Throwable cause) {
    this(key, detail);
    initCause(cause);
  }

  /** The dotted configuration key at fault ({@code (file)} for file-level problems). */
  public String key() {
    return key;
  }
}
