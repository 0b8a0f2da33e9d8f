package io.trustee.kbs.token;

/**
 * The token signing key or its certificate chain cannot be used: unreadable file, not an EC P-256
 * key, certificate not matching the key. A start-up error; names the file, never key bytes.
 */
public final class SigningKeyException extends Exception {
  private static final long serialVersionUID = 1L;

  public SigningKeyException(String detail) {
    super(detail);
  }

  public SigningKeyException(String detail, Throwable cause) {
    super(detail, cause);
  }
}
