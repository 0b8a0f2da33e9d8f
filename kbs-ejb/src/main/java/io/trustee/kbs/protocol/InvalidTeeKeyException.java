package io.trustee.kbs.protocol;

/**
 * The TEE public key cannot be used: unsupported {@code kty}/{@code crv}/{@code alg} combination,
 * wrong coordinate length, point not on the curve, modulus too short. Raised when the key is turned
 * into a Java key (at encryption time, kbs-protocol.md §6.3); the encryptor reports it as {@code
 * JweError}.
 */
public final class InvalidTeeKeyException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  public InvalidTeeKeyException(String field, String detail) {
    super(field, detail);
  }

  public InvalidTeeKeyException(String field, String detail, Throwable cause) {
    super(field, detail, cause);
  }
}
