package io.trustee.kbs.client;

/**
 * A failure the user can fix (bad option, unreadable file, server refusal). The message names the
 * option, field or endpoint concerned and never contains secret material; {@link KbsClient} prints
 * it as {@code error: <message>} and exits with status 1.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
