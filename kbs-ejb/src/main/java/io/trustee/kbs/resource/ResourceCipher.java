package io.trustee.kbs.resource;

import io.trustee.kbs.util.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM envelope for secrets at rest. Layout (big-endian):
 *
 * <pre>
 *   offset 0   1 byte   format version (1)
 *   offset 1   8 bytes  key id (first 8 bytes of SHA-256 of the KEK)
 *   offset 9  12 bytes  random IV
 *   offset 21  n bytes  ciphertext ‖ 16-byte tag
 * </pre>
 *
 * The AAD is the 21-byte prefix followed by the UTF-8 resource path, so an envelope copied to
 * another path, or with a changed version or key id, fails authentication. A fresh random IV per
 * seal is safe for far more than 2^32 seals per key only if rotation happens before that; rotation
 * is the key id's job (see {@link KeyEncryptionKey}).
 *
 * <p>Thread-safe (a Cipher per call).
 */
public final class ResourceCipher {
  /** Current envelope format. */
  public static final int VERSION = 1;

  private static final int ID_LEN = 8;
  private static final int IV_LEN = 12;
  private static final int HEADER = 1 + ID_LEN + IV_LEN;
  private static final int TAG_LEN = 16;

  private final KeyEncryptionKey kek;
  private final SecureRandom random;

  public ResourceCipher(KeyEncryptionKey kek) {
    this(kek, new SecureRandom());
  }

  ResourceCipher(KeyEncryptionKey kek, SecureRandom random) {
    this.kek = Objects.requireNonNull(kek, "kek");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Encrypts {@code plaintext} stored under {@code path}. */
  public byte[] seal(ResourcePath path, byte[] plaintext) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] iv = new byte[IV_LEN];
    random.nextBytes(iv);
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    header.put((byte) VERSION).put(Bytes.fromHex(kek.id())).put(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, kek.secretKey(), new GCMParameterSpec(TAG_LEN * 8, iv));
      c.updateAAD(header.array());
      c.updateAAD(path.toString().getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plaintext);
      byte[] out = Arrays.copyOf(header.array(), HEADER + ct.length);
      System.arraycopy(ct, 0, out, HEADER, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * Decrypts an envelope stored under {@code path}.
   *
   * @throws ResourceCipherException if the envelope is malformed, for another key, or fails
   *     authentication
   */
  public byte[] open(ResourcePath path, byte[] envelope) throws ResourceCipherException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(envelope, "envelope");
    if (envelope.length < HEADER + TAG_LEN) {
      throw new ResourceCipherException(path + ": envelope truncated");
    }
    if ((envelope[0] & 0xff) != VERSION) {
      throw new ResourceCipherException(
          path + ": unknown envelope version " + (envelope[0] & 0xff));
    }
    String id = Bytes.toHex(Arrays.copyOfRange(envelope, 1, 1 + ID_LEN));
    if (!id.equals(kek.id())) {
      throw new ResourceCipherException(path + ": sealed with key " + id + ", have " + kek.id());
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          kek.secretKey(),
          new GCMParameterSpec(TAG_LEN * 8, envelope, 1 + ID_LEN, IV_LEN));
      c.updateAAD(envelope, 0, HEADER);
      c.updateAAD(path.toString().getBytes(StandardCharsets.UTF_8));
      return c.doFinal(envelope, HEADER, envelope.length - HEADER);
    } catch (AEADBadTagException e) {
      throw new ResourceCipherException(path + ": authentication failed", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** The key id envelopes sealed now carry. */
  public String keyId() {
    return kek.id();
  }
}
