package io.trustee.kbs.rvps;

import java.util.Objects;

/**
 * A registration message, reference-value record or reference-value file is malformed. Names the
 * offending field (e.g. {@code expiration}, {@code payload}, {@code [2].pcrs.11}) so an
 * administrator can fix the input. Client error (4xx); nothing was stored.
 */
public class InvalidReferenceValueException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidReferenceValueException(String field, String detail) {
    super(field + ": " + detail);
    this.field = Objects.requireNonNull(field, "field");
  }

  public InvalidReferenceValueException(String field, String detail, Throwable cause) {
    this(field, detail);
    initCause(cause);
  }

  /** The field (JSON path or member name) that is wrong. */
  public String field() {
    return field;
  }
}
