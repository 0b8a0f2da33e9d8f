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
        .hasMessageContaining("sealed with key-encryption key " + key(1).id())
        .hasMessageContaining("KBS_KEK_PREVIOUS")
        .satisfies(
            e -> assertThat(((ResourceCipherException) e).unknownKeyId()).contains(key(1).id()));
  }

  @Test
  void previousKeysOpenButTheActiveKeySeals() throws Exception {
    byte[] old = new ResourceCipher(key(1)).seal(P, SECRET);
    ResourceCipher rotated = new ResourceCipher(key(2), java.util.List.of(key(1)));
    assertThat(rotated.open(P, old)).isEqualTo(SECRET);
    assertThat(rotated.knownKeyIds()).containsExactly(key(2).id(), key(1).id());
    byte[] fresh = rotated.seal(P, SECRET);
    assertThat(ResourceCipher.keyIdOf(fresh)).isEqualTo(key(2).id());
    // a replica that still has only the old key as active, the new one as known, opens both
    ResourceCipher lagging = new ResourceCipher(key(1), java.util.List.of(key(2)));
    assertThat(lagging.open(P, fresh)).isEqualTo(SECRET);
    assertThat(lagging.open(P, old)).isEqualTo(SECRET);
  }

  @Test
  void rewrapMovesToTheActiveKeyAndIsIdempotent() throws Exception {
    byte[] old = new ResourceCipher(key(1)).seal(P, SECRET);
    ResourceCipher rotated = new ResourceCipher(key(2), java.util.List.of(key(1)));
    byte[] again = rotated.rewrap(P, old).orElseThrow();
    assertThat(ResourceCipher.keyIdOf(again)).isEqualTo(key(2).id());
    assertThat(new ResourceCipher(key(2)).open(P, again)).isEqualTo(SECRET);
    assertThat(rotated.rewrap(P, again)).isEmpty();
    // the AAD still binds the path: a re-wrapped envelope does not open elsewhere
    ResourcePath other = new ResourcePath("default", "key", "other");
    assertThatThrownBy(() -> rotated.open(other, again))
        .hasMessageContaining("authentication failed");
    // a tampered envelope under the active key is reported, not skipped
    again[again.length - 1] ^= 1;
    assertThatThrownBy(() -> rotated.rewrap(P, again))
        .hasMessageContaining("authentication failed");
  }

  @Test
  void labelledValuesNeedAColonAndDoNotOpenAsSecrets() throws Exception {
    ResourceCipher c = new ResourceCipher(key(1));
    byte[] env = c.sealLabelled("token-signing-key:abc", SECRET);
    assertThat(c.openLabelled("token-signing-key:abc", env)).isEqualTo(SECRET);
    assertThatThrownBy(() -> c.openLabelled("token-signing-key:abd", env))
        .hasMessageContaining("authentication failed");
    assertThatThrownBy(() -> c.sealLabelled("default/key/x", SECRET))
        .isInstanceOf(IllegalArgumentException.class);
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
