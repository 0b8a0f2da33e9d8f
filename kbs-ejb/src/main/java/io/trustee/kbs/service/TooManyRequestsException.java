package io.trustee.kbs.service;

/**
 * A 429 {@link KbsError#TooManyRequests}: the caller should retry after {@link
 * #retryAfterSeconds()} (sent as {@code Retry-After}). Rolls back like every {@link KbsException}.
 */
public class TooManyRequestsException extends KbsException {
  private static final long serialVersionUID = 1L;
  private final long retryAfterSeconds;

  public TooManyRequestsException(String detail, long retryAfterSeconds) {
    super(KbsError.TooManyRequests, detail);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** Whole seconds, at least 1. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
