package io.trustee.kbs.as;

import java.util.Objects;

/**
 * The attestation request is malformed or asks for something this service does not do (unknown TEE,
 * unsupported hash algorithm such as {@code sm3}, bad base64, bad init-data TOML). Names the field.
 * Client error (4xx); nothing was evaluated.
 */
public class InvalidAttestationRequestException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidAttestationRequestException(String field, String detail) {
    super(field + ": " + detail);
    this.field = Objects.requireNonNull(field, "field");
  }

  public InvalidAttestationRequestException(String field, String detail, Throwable cause) {
    this(field, detail);
    initCause(cause);
  }

  public String field() {
    return field;
  }
}
