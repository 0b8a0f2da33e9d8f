package io.trustee.kbs.admin;

import java.util.Objects;

/**
 * An admin request is not authorised. Reported as 401 {@code AdminAuthAccess}. Carries a {@link
 * Reason} and a detail that never contains the presented token.
 */
public final class AdminAuthException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the request was refused. */
  public enum Reason {
    /** The mode refuses every request. */
    DENY_ALL,
    /** No {@code Authorization: Bearer} header. */
    MISSING_CREDENTIALS,
    /** The header or token is not well formed. */
    MALFORMED_TOKEN,
    /** No trusted key verifies the token (or its algorithm is not allowed for the key). */
    UNTRUSTED_TOKEN,
    /** {@code exp} missing where required, or in the past; or {@code nbf} in the future. */
    EXPIRED,
    /** Authenticated, but no ACL grants the role access to this endpoint. */
    FORBIDDEN
  }

  private final Reason reason;

  public AdminAuthException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
