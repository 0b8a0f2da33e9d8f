package io.trustee.kbs.token;

import java.util.Objects;

/**
 * A presented attestation token was rejected (malformed, untrusted key, wrong algorithm, bad
 * signature, expired) or the TEE key could not be found in its claims. Reported as 401 {@code
 * TokenVerifierError}. Carries a short stable {@link #reason()}; never the token itself.
 */
public final class TokenVerificationException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public TokenVerificationException(String reason, String detail) {
    super(reason + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public TokenVerificationException(String reason, String detail, Throwable cause) {
    this(reason, detail);
    initCause(cause);
  }

  /** Short stable reason, e.g. {@code expired}, {@code untrusted key}, {@code bad signature}. */
  public String reason() {
    return reason;
  }
}
