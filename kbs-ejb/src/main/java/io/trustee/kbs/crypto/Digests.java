package io.trustee.kbs.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-2 digests of byte arrays. The algorithms are mandatory in every Java SE platform, so their
 * absence is an {@link IllegalStateException}, not a checked exception. Stateless and thread-safe.
 */
public final class Digests {
  private Digests() {}

  /** SHA-256 of {@code data}. */
  public static byte[] sha256(byte[] data) {
    return digest("SHA-256", data);
  }

  /** SHA-384 of {@code data}. */
  public static byte[] sha384(byte[] data) {
    return digest("SHA-384", data);
  }

  private static byte[] digest(String alg, byte[] data) {
    try {
      return MessageDigest.getInstance(alg).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " missing", e);
    }
  }
}
