package io.trustee.kbs.broker;

/**
 * The resource could not be encrypted to the TEE key: unsupported or disabled key-management
 * algorithm, malformed key, or a JCA failure. Reported to the client as 401 {@code JweError}
 * (kbs-protocol.md §11). The message names the algorithm or key member, never key material.
 */
public final class JweException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String algorithm;

  public JweException(String algorithm, String detail) {
    super(algorithm + ": " + detail);
    this.algorithm = algorithm;
  }

  public JweException(String algorithm, String detail, Throwable cause) {
    this(algorithm, detail);
    initCause(cause);
  }

  /** The key-management algorithm the client asked for (as sent). */
  public String algorithm() {
    return algorithm;
  }
}
