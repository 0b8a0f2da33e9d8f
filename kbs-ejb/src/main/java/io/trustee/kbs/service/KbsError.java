package io.trustee.kbs.service;

/**
 * The error types of the KBS wire protocol (kbs-protocol.md §11). The names are the
 * implementation's (e.g. {@code AdminAuthAccess}), which is what clients see in {@code type}. The
 * HTTP status of each type is the web layer's business (its exception mapper holds the table).
 */
public enum KbsError {
  AttestationError,
  AdminAuthAccess,
  AdminAuthInitialization,
  TokenNotFound,
  TokenVerifierError,
  PolicyDeny,
  PolicyEngineError,
  ParsePolicyError,
  PluginInternalError,
  JweError,
  RvpsError,
  SerdeError,
  PluginNotFound,
  InvalidRequestPath,
  /**
   * Not upstream: another write to the same object (from another replica or a parallel request)
   * committed between this request's read and its write; nothing of this request was stored and it
   * may be retried. See {@code ConcurrentWrites}.
   */
  ConcurrentModification,
  /** Not upstream: the request body is larger than the configured limit. */
  PayloadTooLarge,
  /**
   * Not upstream: a client went over its request rate or session allowance, or the server over its
   * session budget; sent with {@code Retry-After}.
   */
  TooManyRequests,
  /**
   * Not upstream: a stored value is sealed under a key-encryption key this replica does not hold (a
   * KEK rotation rolled out in the wrong order); the detail names the key id, never the value.
   */
  KeyUnavailable;

  /** Prefix of the {@code type} member of every error body. */
  public static final String TYPE_PREFIX = "https://github.com/confidential-containers/kbs/errors/";

  public String typeUri() {
    return TYPE_PREFIX + name();
  }
}
