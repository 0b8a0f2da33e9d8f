package io.trustee.kbs.resource;

import io.trustee.kbs.crypto.Digests;
import io.trustee.kbs.crypto.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that encrypts secrets at rest, with a key id. The id is the first 8 bytes of
 * SHA-256 over the key, written in hex: it identifies the key in every envelope without revealing
 * it, so a later rotation can keep old keys for reading (look the id up in a key ring) while
 * sealing with the new one. Today {@link ResourceCipher} holds exactly one key and refuses
 * envelopes with another id.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows only the id.
 */
public final class KeyEncryptionKey {
  /** Key length in bytes. */
  public static final int LENGTH = 32;

  private final byte[] key;
  private final String id;

  public KeyEncryptionKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("key-encryption key must be 32 bytes, got " + key.length);
    }
    boolean allZero = true;
    for (byte b : key) {
      allZero &= b == 0;
    }
    if (allZero) {
      throw new IllegalArgumentException("key-encryption key must not be all zero");
    }
    this.key = key.clone();
    this.id = io.trustee.kbs.util.Bytes.toHex(Arrays.copyOf(Digests.sha256(key), 8));
  }

  /** From the standard base64 of 32 bytes (e.g. an environment variable). */
  public static KeyEncryptionKey fromBase64(String value) {
    Objects.requireNonNull(value, "value");
    try {
      return new KeyEncryptionKey(Base64.getDecoder().decode(value.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key-encryption key is not base64 of 32 bytes");
    }
  }

  /**
   * Reads the base64 key in {@code file}, creating it owner-only with a fresh random key on first
   * start (concurrent starters keep the first writer's key).
   */
  public static KeyEncryptionKey loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] fresh = new byte[LENGTH];
      new SecureRandom().nextBytes(fresh);
      SecretFiles.createOwnerOnly(file, Base64.getEncoder().encode(fresh));
      Arrays.fill(fresh, (byte) 0);
    }
    return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
  }

  /** 16 hex characters identifying the key. */
  public String id() {
    return id;
  }

  SecretKey secretKey() {
    return new SecretKeySpec(key, "AES");
  }

  @Override
  public String toString() {
    return "KeyEncryptionKey[" + id + "]";
  }
}
