package io.trustee.kbs.service;

import jakarta.ejb.ApplicationException;
import java.util.Objects;

/**
 * A protocol-level failure with its upstream error type and a human-readable detail that is safe
 * to send to the client (never secrets, keys, tokens or reference values of other workloads).
 * Thrown by the EJB façades; the web layer's mapper turns it into the RFC 7807 body of
 * kbs-protocol.md §11. Rolls the transaction back: a failed request changes nothing.
 */
@ApplicationException(rollback = true)
public class KbsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final KbsError error;
  private final int status;

  public KbsException(KbsError error, String detail) {
    this(error, error.status(), detail);
  }

  /**
   * With a status other than upstream's for this type, where an issue asks for it (e.g. 400 for
   * an uploaded policy that does not compile).
   */
  public KbsException(KbsError error, int status, String detail) {
    super(detail);
    this.error = Objects.requireNonNull(error, "error");
    this.status = status;
  }

  public int status() {
    return status;
  }

  public KbsError error() {
    return error;
  }

  /** The detail text for the response body. */
  public String detail() {
    return getMessage();
  }
}
