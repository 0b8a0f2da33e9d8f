package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.runtime.TestSettings;
import io.trustee.kbs.store.SigningKeyRepository;
import io.trustee.kbs.store.StoredSigningKey;
import io.trustee.kbs.token.SigningKeyMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key ring as replicas see it: {@link TokenKeys} instances ("replicas", each with its own data
 * directory) over one shared in-memory {@link SigningKeyRepository} ("the database").
 */
class TokenKeysRingTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final String KEK =
      Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');

  @TempDir Path dir;

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** The shared database table; counts reads. */
  static class MemoryRing implements SigningKeyRepository {
    final Map<String, StoredSigningKey> rows = new HashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public synchronized List<StoredSigningKey> all() {
      reads.incrementAndGet();
      return new ArrayList<>(rows.values());
    }

    @Override
    public synchronized void insert(StoredSigningKey key) {
      if (rows.putIfAbsent(key.kid(), key) != null) {
        throw new IllegalStateException("duplicate key " + key.kid());
      }
    }

    @Override
    public synchronized int retireAllExcept(String exceptKid, Instant now) {
      int n = 0;
      for (StoredSigningKey k : new ArrayList<>(rows.values())) {
        if (!k.kid().equals(exceptKid) && k.retiredAt().isEmpty()) {
          rows.put(
              k.kid(),
              new StoredSigningKey(
                  k.kid(),
                  k.alg(),
                  k.publicJwk(),
                  k.sealedPrivate(),
                  k.kekId(),
                  k.source(),
                  k.createdAt(),
                  k.activatedAt(),
                  Optional.of(now)));
          n++;
        }
      }
      return n;
    }

    @Override
    public synchronized boolean replaceSealing(String kid, String oldKekId, byte[] s, String n) {
      throw new UnsupportedOperationException();
    }
  }

  private final MemoryRing db = new MemoryRing();
  private final MovingClock clock = new MovingClock();

  private TokenKeys replica(String name, Map<String, String> extra) throws Exception {
    Map<String, String> cfg = new HashMap<>(extra);
    cfg.put("kbs.data.dir", Files.createDirectories(dir.resolve(name)).toString());
    cfg.put("kbs.kek", KEK);
    var settings = TestSettings.of(cfg);
    ResourceVault vault = new ResourceVault();
    vault.settings = settings;
    vault.init();
    SigningKeyRingService ring = ringService(vault);
    TokenKeys keys = new TokenKeys();
    keys.settings = settings;
    keys.clock = clock;
    keys.vault = vault;
    keys.ringService = ring;
    keys.init();
    return keys;
  }

  private SigningKeyRingService ringService(ResourceVault vault) {
    SigningKeyRingService ring = new SigningKeyRingService();
    ring.repository = db;
    ring.vault = vault;
    ring.clock = clock;
    return ring;
  }

  private static String kid(String token) throws Exception {
    JsonNode h = M.readTree(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
    return h.get("kid").asText();
  }

  private String sign(TokenKeys keys) {
    ObjectNode p = M.createObjectNode().put("exp", clock.now.getEpochSecond() + 300);
    return keys.signer().sign(p);
  }

  @Test
  void aRotationThroughOneReplicaIsUsedByAllWithoutRestart() throws Exception {
    TokenKeys a = replica("a", Map.of());
    TokenKeys b = replica("b", Map.of());
    String first = a.signer().keyMaterial().kid();
    assertThat(b.signer().keyMaterial().kid())
        .as("the second replica's own data-dir key is not imported into a non-empty ring")
        .isEqualTo(first);
    String oldToken = sign(b);

    ringService(a.vault).rotate();
    a.refreshNow();
    String rotated = a.signer().keyMaterial().kid();
    assertThat(rotated).isNotEqualTo(first);
    String newToken = sign(a);
    assertThat(kid(newToken)).isEqualTo(rotated);

    // b has not re-read yet, but a token with an unknown kid makes it look
    clock.now = clock.now.plusSeconds(1);
    assertThat(b.verifier().verifyToken(newToken).ownKey()).isTrue();
    assertThat(b.verifier().verifyToken(oldToken).ownKey()).isTrue();
    // and within REFRESH it signs with the new key too
    clock.now = clock.now.plus(TokenKeys.REFRESH);
    assertThat(b.signer().keyMaterial().kid()).isEqualTo(rotated);
    JsonNode jwks = M.readTree(b.publicJwksJson()).get("keys");
    assertThat(jwks.get(0).get("kid").asText()).isEqualTo(rotated);
    assertThat(jwks.get(1).get("kid").asText()).isEqualTo(first);

    // once the old key's tokens have expired it neither verifies nor is published
    clock.now = clock.now.plus(b.grace()).plusSeconds(1);
    assertThatThrownBy(() -> b.verifier().verifyToken(oldToken))
        .hasMessageContaining("untrusted key");
    assertThat(M.readTree(b.publicJwksJson()).get("keys")).hasSize(1);
  }

  @Test
  void ringIsReadAtMostEveryRefreshAndUnknownKidsAreRateLimited() throws Exception {
    TokenKeys a = replica("a", Map.of());
    int reads = db.reads.get();
    for (int i = 0; i < 20; i++) {
      a.signer();
      a.byKid("no-such-kid");
    }
    assertThat(db.reads.get() - reads)
        .as("one unknown-kid re-read at most per second")
        .isLessThanOrEqualTo(1);
    clock.now = clock.now.plus(TokenKeys.REFRESH);
    a.signer();
    a.signer();
    assertThat(db.reads.get() - reads).isLessThanOrEqualTo(2);
  }

  @Test
  void aChangedKeyFileBecomesActiveAndAnUnchangedOneNeverUndoesARotation() throws Exception {
    Path k1 = dir.resolve("k1.pem");
    Path k2 = dir.resolve("k2.pem");
    Files.writeString(k1, Pem.write(Pem.generateP256().getPrivate()));
    Files.writeString(k2, Pem.write(Pem.generateP256().getPrivate()));
    TokenKeys first =
        replica(
            "a",
            Map.of(
                "kbs.token.key-file",
                k1.toString(),
                "kbs.token.cert-url",
                "https://certs.example/k1.pem"));
    String kid1 = first.signer().keyMaterial().kid();
    assertThat(first.signer().keyMaterial().publicJwk().get("x5u").asText())
        .isEqualTo("https://certs.example/k1.pem");

    clock.now = clock.now.plusSeconds(10);
    TokenKeys second = replica("a", Map.of("kbs.token.key-file", k2.toString()));
    String kid2 = second.signer().keyMaterial().kid();
    assertThat(kid2).isNotEqualTo(kid1);
    assertThat(second.byKid(kid1)).as("the old file's key still verifies").isPresent();

    // a pod still mounting the old file restarts: k1 is in the ring, so it is not re-activated
    clock.now = clock.now.plusSeconds(10);
    TokenKeys lagging = replica("b", Map.of("kbs.token.key-file", k1.toString()));
    assertThat(lagging.signer().keyMaterial().kid()).isEqualTo(kid2);
    assertThat(db.rows).hasSize(2);
    // the private key of a file key is in the ring, sealed: a replica without the file signs too
    TokenKeys noFile = replica("c", Map.of());
    assertThat(noFile.signer().keyMaterial().kid()).isEqualTo(kid2);
    assertThat(db.rows.get(kid2).sealedPrivate()).isNotEmpty();
  }

  @Test
  void aConcurrentImportOfTheSameKeyIsNotAStartupFailure() throws Exception {
    Path k1 = dir.resolve("k1.pem");
    Files.writeString(k1, Pem.write(Pem.generateP256().getPrivate()));
    String kid = SigningKeyMaterial.fromPem(k1, Optional.empty(), Optional.empty()).kid();
    // another replica inserts the same key between this replica's check and its insert
    MemoryRing racing =
        new MemoryRing() {
          boolean raced;

          @Override
          public synchronized void insert(StoredSigningKey key) {
            if (!raced) {
              raced = true;
              super.insert(key);
            }
            super.insert(key);
          }
        };
    Map<String, String> cfg = new HashMap<>();
    cfg.put("kbs.data.dir", dir.toString());
    cfg.put("kbs.kek", KEK);
    cfg.put("kbs.token.key-file", k1.toString());
    var settings = TestSettings.of(cfg);
    ResourceVault vault = new ResourceVault();
    vault.settings = settings;
    vault.init();
    SigningKeyRingService ring = new SigningKeyRingService();
    ring.repository = racing;
    ring.vault = vault;
    ring.clock = clock;
    TokenKeys keys = new TokenKeys();
    keys.settings = settings;
    keys.clock = clock;
    keys.vault = vault;
    keys.ringService = ring;
    keys.init();
    assertThat(keys.signer().keyMaterial().kid()).isEqualTo(kid);
  }
}
