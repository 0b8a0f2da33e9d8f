package io.trustee.kbs.resource;

/**
 * A stored secret could not be opened: unknown envelope version or key id, truncated envelope,
 * authentication failure (wrong key, tampered bytes, or an envelope moved to another path). A
 * server-side integrity problem, never a client error; the message names the path, never content.
 */
public final class ResourceCipherException extends Exception {
  private static final long serialVersionUID = 1L;

  public ResourceCipherException(String detail) {
    super(detail);
  }

  public ResourceCipherException(String detail, Throwable cause) {
    super(detail, cause);
  }
}
