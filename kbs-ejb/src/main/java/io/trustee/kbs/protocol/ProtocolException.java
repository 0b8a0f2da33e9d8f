package io.trustee.kbs.protocol;

import java.util.Objects;

/**
 * A request of the RCAR protocol is malformed or unsupported: a missing or ill-typed member, an
 * unknown TEE, an unsupported protocol version. Carries the JSON member name (e.g. {@code
 * runtime-data.nonce}) so the 401 {@code AttestationError} detail can say which field was wrong.
 * Client fault; never carries secret material.
 */
public class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;

  public ProtocolException(String field, String detail) {
    super(field + ": " + detail);
    this.field = Objects.requireNonNull(field, "field");
  }

  public ProtocolException(String field, String detail, Throwable cause) {
    this(field, detail);
    initCause(cause);
  }

  /** The member (dotted path) that failed, e.g. {@code tee-pubkey.x}. */
  public String field() {
    return field;
  }
}
