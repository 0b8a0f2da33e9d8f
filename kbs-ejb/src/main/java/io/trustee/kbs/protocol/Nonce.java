package io.trustee.kbs.protocol;

import io.trustee.kbs.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The challenge nonce: 32 random bytes rendered as standard, padded base64 (always 44 characters;
 * kbs-protocol.md §3.1). The guest echoes the <em>string</em>, and the binding hashes the string,
 * so the value type keeps the string. Nonces are public values (they may be logged).
 *
 * <p>Immutable and thread-safe.
 */
public record Nonce(String value) {
  /** Number of random bytes. */
  public static final int LENGTH = 32;

  public Nonce {
    Objects.requireNonNull(value, "value");
    if (value.length() != 44) {
      throw new IllegalArgumentException("nonce must be 44 base64 characters");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("nonce is not standard base64", e);
    }
    if (raw.length != LENGTH) {
      throw new IllegalArgumentException("nonce must encode " + LENGTH + " bytes");
    }
  }

  /** A fresh nonce from {@code random}. */
  public static Nonce random(SecureRandom random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    return new Nonce(Base64.getEncoder().encodeToString(b));
  }

  /** Compares with the string the guest echoed, byte for byte, in constant time. Null → false. */
  public boolean matches(String echoed) {
    if (echoed == null) {
      return false;
    }
    return Bytes.constantTimeEquals(
        value.getBytes(StandardCharsets.UTF_8), echoed.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return value;
  }
}
