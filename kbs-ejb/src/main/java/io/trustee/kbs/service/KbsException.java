package io.trustee.kbs.service;

import jakarta.ejb.ApplicationException;
import java.util.Objects;
import java.util.Optional;

/**
 * A protocol-level failure with its upstream error type and a human-readable detail that is safe to
 * send to the client (never secrets, keys, tokens or reference values of other workloads). Thrown
 * by the EJB façades; the web layer's mapper turns it into the status and RFC 7807 body of
 * kbs-protocol.md §11. Rolls the transaction back: a failed request changes nothing.
 */
@ApplicationException(rollback = true)
public class KbsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final KbsError error;
  private final Refusal refusal;

  /**
   * Why a request is refused where an issue asks for an answer other than upstream's for the error
   * type (e.g. an uploaded policy that does not compile is invalid input, not upstream's 401). The
   * web layer maps each to its status.
   */
  public enum Refusal {
    /** The request itself is malformed or names something impossible. */
    INVALID_INPUT,
    /** The request is understood but not allowed in this configuration. */
    FORBIDDEN,
    /** The named object does not exist. */
    NOT_FOUND,
    /** The request contradicts the stored state (exists already, managed elsewhere). */
    CONFLICT
  }

  /** With the answer upstream gives for {@code error}. */
  public KbsException(KbsError error, String detail) {
    super(detail);
    this.error = Objects.requireNonNull(error, "error");
    this.refusal = null;
  }

  /** With the answer for {@code refusal} instead of upstream's for {@code error}. */
  public KbsException(KbsError error, Refusal refusal, String detail) {
    super(detail);
    this.error = Objects.requireNonNull(error, "error");
    this.refusal = Objects.requireNonNull(refusal, "refusal");
  }

  public KbsError error() {
    return error;
  }

  /** Empty when the answer is upstream's for {@link #error()}. */
  public Optional<Refusal> refusal() {
    return Optional.ofNullable(refusal);
  }

  /** The detail text for the response body. */
  public String detail() {
    return getMessage();
  }
}
