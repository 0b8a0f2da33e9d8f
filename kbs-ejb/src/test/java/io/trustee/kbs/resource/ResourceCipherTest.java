package io.trustee.kbs.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceCipherTest {
  @TempDir Path dir;
  private static final ResourcePath P = ResourcePath.parse("default/kbsres1/key1");
  private static final byte[] SECRET = "s3cr3t".getBytes(StandardCharsets.UTF_8);

  private static KeyEncryptionKey key(int seed) {
    byte[] k = new byte[32];
    k[0] = (byte) seed;
    k[31] = 1;
    return new KeyEncryptionKey(k);
  }

  @Test
  void sealThenOpenRoundTrips() throws Exception {
    ResourceCipher c = new ResourceCipher(key(1));
    byte[] env = c.seal(P, SECRET);
    assertThat(env[0]).isEqualTo((byte) 1);
    assertThat(env).hasSize(1 + 8 + 12 + SECRET.length + 16);
    assertThat(c.open(P, env)).isEqualTo(SECRET);
  }

  @Test
  void freshIvPerSeal() {
    ResourceCipher c = new ResourceCipher(key(1));
    assertThat(c.seal(P, SECRET)).isNotEqualTo(c.seal(P, SECRET));
  }

  @Test
  void envelopeMovedToAnotherPathFails() {
    ResourceCipher c = new ResourceCipher(key(1));
    byte[] env = c.seal(P, SECRET);
    assertThatThrownBy(() -> c.open(ResourcePath.parse("default/kbsres1/key2"), env))
        .isInstanceOf(ResourceCipherException.class)
        .hasMessageContaining("authentication failed");
  }

  @Test
  void flippedCiphertextByteFails() {
    ResourceCipher c = new ResourceCipher(key(1));
    byte[] env = c.seal(P, SECRET);
    env[env.length - 20] ^= 1;
    assertThatThrownBy(() -> c.open(P, env)).hasMessageContaining("authentication failed");
  }

  @Test
  void otherKeyIdIsRefusedByName() {
    byte[] env = new ResourceCipher(key(1)).seal(P, SECRET);
    assertThatThrownBy(() -> new ResourceCipher(key(2)).open(P, env))
        .hasMessageContaining("sealed with key " + key(1).id());
  }

  @Test
  void unknownVersionAndTruncationAreRefused() {
    ResourceCipher c = new ResourceCipher(key(1));
    byte[] env = c.seal(P, SECRET);
    env[0] = 9;
    assertThatThrownBy(() -> c.open(P, env)).hasMessageContaining("version 9");
    assertThatThrownBy(() -> c.open(P, new byte[20])).hasMessageContaining("truncated");
  }

  @Test
  void kekRejectsWrongLengthAndAllZero() {
    assertThatThrownBy(() -> new KeyEncryptionKey(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyEncryptionKey(new byte[32])).hasMessageContaining("all zero");
    assertThatThrownBy(() -> KeyEncryptionKey.fromBase64("not base64!"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void kekLoadOrCreatePersistsOwnerOnly() throws Exception {
    Path f = dir.resolve("kek/resource.kek");
    KeyEncryptionKey a = KeyEncryptionKey.loadOrCreate(f);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    assertThat(KeyEncryptionKey.loadOrCreate(f).id()).isEqualTo(a.id());
    assertThat(a.toString()).isEqualTo("KeyEncryptionKey[" + a.id() + "]");
    assertThat(a.id()).hasSize(16);
  }

  @Test
  void kekFromEnvironmentBase64() {
    byte[] raw = new byte[32];
    raw[5] = 7;
    KeyEncryptionKey k =
        KeyEncryptionKey.fromBase64(Base64.getEncoder().encodeToString(raw) + "\n");
    assertThat(k.id()).isEqualTo(new KeyEncryptionKey(raw).id());
  }
}
