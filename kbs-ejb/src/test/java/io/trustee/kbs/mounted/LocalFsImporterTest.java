package io.trustee.kbs.mounted;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.resource.KeyEncryptionKey;
import io.trustee.kbs.resource.ResourceCipher;
import io.trustee.kbs.resource.ResourcePath;
import io.trustee.kbs.store.ResourceInfo;
import io.trustee.kbs.store.ResourceRepository;
import io.trustee.kbs.store.StoredResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFsImporterTest {
  @TempDir Path dir;

  final Repo repo = new Repo();
  final ResourceCipher cipher = new ResourceCipher(new KeyEncryptionKey(key()));

  private static byte[] key() {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) 7);
    return k;
  }

  final Clock clock = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);

  /** The store as a map, counting writes. */
  static final class Repo implements ResourceRepository {
    final Map<ResourcePath, StoredResource> rows =
        new TreeMap<>(java.util.Comparator.comparing(ResourcePath::toString));
    final Map<ResourcePath, String> sources = new HashMap<>();
    int writes;

    @Override
    public void put(ResourcePath path, byte[] sealed, String keyId, Instant now) {
      writes++;
      rows.put(path, new StoredResource(path, sealed, keyId, now));
    }

    @Override
    public void putOwned(
        ResourcePath path, byte[] sealed, String keyId, Instant now, String source) {
      put(path, sealed, keyId, now);
      sources.put(path, source);
    }

    @Override
    public Optional<String> sourceOf(ResourcePath path) {
      return Optional.ofNullable(sources.get(path));
    }

    @Override
    public Map<ResourcePath, String> owned() {
      return Map.copyOf(sources);
    }

    @Override
    public Optional<StoredResource> find(ResourcePath path) {
      return Optional.ofNullable(rows.get(path));
    }

    @Override
    public boolean delete(ResourcePath path) {
      sources.remove(path);
      return rows.remove(path) != null;
    }

    @Override
    public List<ResourceInfo> list() {
      return rows.values().stream().map(r -> new ResourceInfo(r.path(), r.updatedAt())).toList();
    }

    void put(String path, byte[] sealed, String keyId, Instant now) {
      put(ResourcePath.parse(path), sealed, keyId, now);
    }

    Optional<String> sourceOf(String path) {
      return sourceOf(ResourcePath.parse(path));
    }

    Optional<StoredResource> find(String path) {
      return find(ResourcePath.parse(path));
    }
  }

  private Path secret(Path root, String path, String value) throws Exception {
    Path f = root.resolve(path);
    Files.createDirectories(f.getParent());
    return Files.writeString(f, value);
  }

  private String open(String path) throws Exception {
    return new String(
        cipher.open(ResourcePath.parse(path), repo.find(path).orElseThrow().sealed()),
        StandardCharsets.UTF_8);
  }

  private LocalFsImporter importer(Path root) {
    return new LocalFsImporter(root, repo, () -> cipher, clock);
  }

  @Test
  void fileRemovedWhileStoppedIsDeletedAtTheNextStartAndUnchangedOnesAreNotRewritten()
      throws Exception {
    Path root = Files.createDirectory(dir.resolve("res"));
    secret(root, "default/key/a", "alpha");
    Path b = secret(root, "default/key/b", "beta");
    LocalFsImporter.Result first = importer(root).importNow();
    assertThat(first.stored()).containsExactly("default/key/a", "default/key/b");
    assertThat(repo.owned())
        .containsEntry(ResourcePath.parse("default/key/a"), LocalFsImporter.sourceOf(root));
    assertThat(open("default/key/b")).isEqualTo("beta");
    int writes = repo.writes;

    Files.delete(b); // while the server is down
    LocalFsImporter.Result restart = importer(root).importNow();
    assertThat(restart.deleted()).containsExactly("default/key/b");
    assertThat(restart.stored()).isEmpty();
    assertThat(repo.writes).isEqualTo(writes);
    assertThat(repo.find("default/key/b")).isEmpty();
    assertThat(open("default/key/a")).isEqualTo("alpha");
  }

  @Test
  void anInvalidMountedSecurityPolicyIsSkippedAndTheImportedOneKept() throws Exception {
    Path root = Files.createDirectory(dir.resolve("res"));
    String valid = "{\"default\":[{\"type\":\"reject\"}]}";
    secret(root, "default/security-policy/osc", valid);
    LocalFsImporter w = importer(root);
    assertThat(w.importNow().stored()).containsExactly("default/security-policy/osc");

    secret(root, "default/security-policy/osc", "{\"default\":[{\"type\":\"sign\"}]}");
    secret(root, "default/key/other", "kept-going");
    LocalFsImporter.Result r = w.importNow();

    assertThat(r.stored()).containsExactly("default/key/other");
    assertThat(r.deleted()).isEmpty();
    assertThat(open("default/security-policy/osc")).isEqualTo(valid);
  }

  @Test
  void runtimeChangesAreSeenAfterCommitOnly() throws Exception {
    Path root = Files.createDirectory(dir.resolve("res"));
    secret(root, "r/t/x", "one");
    LocalFsImporter w = importer(root);
    List<Runnable> pending = new ArrayList<>();
    assertThat(w.importNow(pending::add).changed()).isTrue();
    pending.clear(); // rolled back: the next check must import again
    assertThat(w.importNow(pending::add).changed()).isTrue();
    pending.forEach(Runnable::run);
    pending.clear();
    assertThat(w.importNow(pending::add).changed()).isFalse();

    secret(root, "r/t/x", "two");
    LocalFsImporter.Result changed = w.importNow(pending::add);
    assertThat(changed.stored()).containsExactly("r/t/x");
    assertThat(open("r/t/x")).isEqualTo("two");
  }

  @Test
  void apiSecretIsTakenOverAndOtherDirectoriesSecretsAreRemoved() throws Exception {
    repo.put(
        "r/t/api",
        cipher.seal(ResourcePath.parse("r/t/api"), "x".getBytes()),
        "k",
        clock.instant());
    repo.put(
        "r/t/both",
        cipher.seal(ResourcePath.parse("r/t/both"), "api".getBytes()),
        "k",
        clock.instant());
    Path old = Files.createDirectory(dir.resolve("old"));
    secret(old, "r/t/old", "o");
    importer(old).importNow();

    Path root = Files.createDirectory(dir.resolve("res"));
    secret(root, "r/t/both", "file");
    LocalFsImporter.Result r = importer(root).importNow();
    assertThat(r.deleted()).containsExactly("r/t/old");
    assertThat(repo.sourceOf("r/t/both")).contains(LocalFsImporter.sourceOf(root));
    assertThat(open("r/t/both")).isEqualTo("file");
    assertThat(repo.sourceOf("r/t/api")).isEmpty();
    assertThat(repo.find("r/t/api")).isPresent();

    assertThat(LocalFsImporter.removeOwnedExcept(repo, java.util.Set.of()))
        .containsExactly("r/t/both");
    assertThat(repo.find("r/t/api")).isPresent();
  }

  @Test
  void missingDirectoryKeepsWhatWasImported() throws Exception {
    Path root = Files.createDirectory(dir.resolve("res"));
    secret(root, "r/t/x", "one");
    LocalFsImporter w = importer(root);
    w.importNow();
    Files.delete(root.resolve("r/t/x"));
    Files.delete(root.resolve("r/t"));
    Files.delete(root.resolve("r"));
    Files.delete(root);
    LocalFsImporter.Result r = w.importNow();
    assertThat(r.error()).isPresent();
    assertThat(w.lastError()).isPresent();
    assertThat(repo.find("r/t/x")).isPresent();
  }

  @Test
  void kvDirectoryAndSecretMountLiveSideBySideAndADroppedOneLosesItsSecrets() throws Exception {
    Path kv = Files.createDirectories(dir.resolve("storage/repository"));
    Files.writeString(kv.resolve("default\\x2Fkbsres1\\x2Fkey1"), "from-kv");
    Path mounts = Files.createDirectory(dir.resolve("kbs-secrets"));
    secret(mounts, "img-sig/pub-key", "gpg-key");
    java.util.Set<String> both =
        java.util.Set.of(LocalFsImporter.sourceOf(kv), LocalFsImporter.sourceOf(mounts));
    LocalFsImporter kvImporter =
        new LocalFsImporter(
            kv, io.trustee.kbs.resource.KvResourceDirectory::scan, both, repo, () -> cipher, clock);
    LocalFsImporter mountImporter =
        new LocalFsImporter(
            mounts,
            io.trustee.kbs.resource.SecretMountDirectory::scan,
            both,
            repo,
            () -> cipher,
            clock);

    assertThat(kvImporter.importNow().stored()).containsExactly("default/kbsres1/key1");
    assertThat(mountImporter.importNow().stored()).containsExactly("default/img-sig/pub-key");
    assertThat(kvImporter.importNow().deleted()).isEmpty();
    assertThat(open("default/kbsres1/key1")).isEqualTo("from-kv");
    assertThat(open("default/img-sig/pub-key")).isEqualTo("gpg-key");

    // The next start has only the kv directory: the mount's secrets go, the kv ones stay.
    java.util.Set<String> kvOnly = java.util.Set.of(LocalFsImporter.sourceOf(kv));
    assertThat(LocalFsImporter.removeOwnedExcept(repo, kvOnly))
        .containsExactly("default/img-sig/pub-key");
    assertThat(repo.find("default/kbsres1/key1")).isPresent();
  }
}
