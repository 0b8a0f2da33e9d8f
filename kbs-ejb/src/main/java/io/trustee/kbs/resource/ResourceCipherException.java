package io.trustee.kbs.resource;

/**
 * A stored secret could not be opened: unknown envelope version or key id, truncated envelope,
 * authentication failure (wrong key, tampered bytes, or an envelope moved to another path). A
 * server-side integrity problem, never a client error; the message names the path, never content.
 */
public final class ResourceCipherException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The envelope's key id when this server holds no key-encryption key with that id. */
  private final String unknownKeyId;

  public ResourceCipherException(String detail) {
    super(detail);
    this.unknownKeyId = null;
  }

  /** An envelope sealed under a key-encryption key this server does not have. */
  static ResourceCipherException unknownKey(String detail, String keyId) {
    return new ResourceCipherException(detail, keyId);
  }

  private ResourceCipherException(String detail, String keyId) {
    super(detail);
    this.unknownKeyId = keyId;
  }

  /** The unknown key id, when that is why the envelope cannot be opened. */
  public java.util.Optional<String> unknownKeyId() {
    return java.util.Optional.ofNullable(unknownKeyId);
  }

  public ResourceCipherException(String detail, Throwable cause) {
    super(detail, cause);
    this.unknownKeyId = null;
  }
}
