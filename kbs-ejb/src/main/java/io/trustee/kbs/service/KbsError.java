package io.trustee.kbs.service;

/**
 * The error types of the KBS wire protocol (kbs-protocol.md §11) with the HTTP status upstream
 * sends for each. The names are the implementation's (e.g. {@code AdminAuthAccess}), which is
 * what clients see in {@code type}.
 */
public enum KbsError {
  AttestationError(401),
  AdminAuthAccess(401),
  AdminAuthInitialization(401),
  TokenNotFound(401),
  TokenVerifierError(401),
  PolicyDeny(401),
  PolicyEngineError(401),
  ParsePolicyError(401),
  PluginInternalError(401),
  JweError(401),
  RvpsError(401),
  SerdeError(401),
  PluginNotFound(404),
  InvalidRequestPath(404),
  /**
   * Not upstream: another write to the same object (from another replica or a parallel request)
   * committed between this request's read and its write; nothing of this request was stored and
   * it may be retried. See {@code ConcurrentWrites}.
   */
  ConcurrentModification(409),
  /** Not upstream: the request body is larger than the configured limit. */
  PayloadTooLarge(413),
  /**
   * Not upstream: a client went over its request rate or session allowance, or the server over its
   * session budget; sent with {@code Retry-After}.
   */
  TooManyRequests(429),
  /**
   * Not upstream: a stored value is sealed under a key-encryption key this replica does not hold
   * (a KEK rotation rolled out in the wrong order); the detail names the key id, never the value.
   */
  KeyUnavailable(503);

  /** Prefix of the {@code type} member of every error body. */
  public static final String TYPE_PREFIX = "https://github.com/confidential-containers/kbs/errors/";

  private final int status;

  KbsError(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  public String typeUri() {
    return TYPE_PREFIX + name();
  }
}
