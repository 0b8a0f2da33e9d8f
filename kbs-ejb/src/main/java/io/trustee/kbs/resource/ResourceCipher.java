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
 * <p>Key rotation: the cipher holds one <em>active</em> key, which seals, and any number of further
 * keys (the previous key during a rotation, or the next one before it becomes active), which only
 * open. {@link #open} picks the key by the envelope's key id; {@link #rewrap} re-seals an envelope
 * under the active key. Other values than secrets (the token signing keys) are sealed under a
 * <em>label</em> that contains {@code ':'}, which no resource path can, so the two never collide.
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
  private final java.util.Map<String, KeyEncryptionKey> keys;
  private final SecureRandom random;

  public ResourceCipher(KeyEncryptionKey kek) {
    this(kek, java.util.List.of(), new SecureRandom());
  }

  /**
   * @param active the key that seals (and opens)
   * @param others keys that only open (duplicates of {@code active} are ignored)
   */
  public ResourceCipher(KeyEncryptionKey active, java.util.List<KeyEncryptionKey> others) {
    this(active, others, new SecureRandom());
  }

  ResourceCipher(KeyEncryptionKey kek, SecureRandom random) {
    this(kek, java.util.List.of(), random);
  }

  ResourceCipher(
      KeyEncryptionKey kek, java.util.List<KeyEncryptionKey> others, SecureRandom random) {
    this.kek = Objects.requireNonNull(kek, "kek");
    this.random = Objects.requireNonNull(random, "random");
    java.util.Map<String, KeyEncryptionKey> m = new java.util.LinkedHashMap<>();
    m.put(kek.id(), kek);
    for (KeyEncryptionKey k : others) {
      m.putIfAbsent(k.id(), k);
    }
    this.keys = java.util.Collections.unmodifiableMap(m);
  }

  /** Encrypts {@code plaintext} stored under {@code path}. */
  public byte[] seal(ResourcePath path, byte[] plaintext) {
    Objects.requireNonNull(path, "path");
    return sealAad(path.toString(), plaintext);
  }

  /** Encrypts a value that is not a secret at a path; {@code label} must contain {@code ':'}. */
  public byte[] sealLabelled(String label, byte[] plaintext) {
    return sealAad(requireLabel(label), plaintext);
  }

  /** Opens what {@link #sealLabelled} sealed under the same label. */
  public byte[] openLabelled(String label, byte[] envelope) throws ResourceCipherException {
    return openAad(requireLabel(label), envelope);
  }

  private static String requireLabel(String label) {
    if (label == null || label.indexOf(':') < 0) {
      throw new IllegalArgumentException("a cipher label must contain ':'");
    }
    return label;
  }

  private byte[] sealAad(String aad, byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] iv = new byte[IV_LEN];
    random.nextBytes(iv);
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    header.put((byte) VERSION).put(Bytes.fromHex(kek.id())).put(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, kek.secretKey(), new GCMParameterSpec(TAG_LEN * 8, iv));
      c.updateAAD(header.array());
      c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
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
    return openAad(path.toString(), envelope);
  }

  /**
   * The envelope re-sealed under the active key, or empty when it already is (idempotent).
   *
   * @throws ResourceCipherException as {@link #open}
   */
  public java.util.Optional<byte[]> rewrap(ResourcePath path, byte[] envelope)
      throws ResourceCipherException {
    return rewrapAad(path.toString(), envelope);
  }

  /** {@link #rewrap} for a labelled value. */
  public java.util.Optional<byte[]> rewrapLabelled(String label, byte[] envelope)
      throws ResourceCipherException {
    return rewrapAad(requireLabel(label), envelope);
  }

  private java.util.Optional<byte[]> rewrapAad(String aad, byte[] envelope)
      throws ResourceCipherException {
    if (keyIdOf(envelope).equals(kek.id())) {
      openAad(aad, envelope); // still authenticated: a damaged row is reported, not skipped
      return java.util.Optional.empty();
    }
    byte[] plain = openAad(aad, envelope);
    try {
      return java.util.Optional.of(sealAad(aad, plain));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** The key id an envelope names (16 hex characters), or {@code "?"} if it is too short. */
  public static String keyIdOf(byte[] envelope) {
    if (envelope == null || envelope.length < 1 + ID_LEN) {
      return "?";
    }
    return Bytes.toHex(Arrays.copyOfRange(envelope, 1, 1 + ID_LEN));
  }

  private byte[] openAad(String path, byte[] envelope) throws ResourceCipherException {
    Objects.requireNonNull(envelope, "envelope");
    if (envelope.length < HEADER + TAG_LEN) {
      throw new ResourceCipherException(path + ": envelope truncated");
    }
    if ((envelope[0] & 0xff) != VERSION) {
      throw new ResourceCipherException(
          path + ": unknown envelope version " + (envelope[0] & 0xff));
    }
    String id = Bytes.toHex(Arrays.copyOfRange(envelope, 1, 1 + ID_LEN));
    KeyEncryptionKey key = keys.get(id);
    if (key == null) {
      throw ResourceCipherException.unknownKey(
          path
              + ": sealed with key-encryption key "
              + id
              + ", which this server does not have"
              + " (known: "
              + String.join(", ", keys.keySet())
              + "; add the key to KBS_KEK_PREVIOUS / kbs.kek.previous)",
          id);
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          key.secretKey(),
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

  /** Every key id this cipher opens, the active one first. */
  public java.util.List<String> knownKeyIds() {
    return java.util.List.copyOf(keys.keySet());
  }
}
