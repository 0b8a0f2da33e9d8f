package io.trustee.kbs.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.StoredPolicy;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourcePolicyFileTest {
  static final String ALLOW = "package policy\n\ndefault allow := true\n";
  static final String DENY = "package policy\n\ndefault allow := false\n";

  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);

  /** Policies as a map, counting writes; owners kept as the database keeps them. */
  static final class Repo implements PolicyTextRepository {
    final Map<String, String> texts = new HashMap<>();
    final Map<String, String> owners = new HashMap<>();
    int writes;

    @Override
    public void store(PolicyKind kind, String id, String text, Instant now) {
      writes++;
      texts.put(kind + "/" + id, text);
      owners.remove(kind + "/" + id);
    }

    @Override
    public void storeOwned(PolicyKind kind, String id, String text, Instant now, String source) {
      store(kind, id, text, now);
      owners.put(kind + "/" + id, source);
    }

    @Override
    public Map<String, String> owned(PolicyKind kind) {
      Map<String, String> out = new java.util.TreeMap<>();
      owners.forEach(
          (k, v) -> {
            if (k.startsWith(kind + "/")) {
              out.put(k.substring(kind.toString().length() + 1), v);
            }
          });
      return out;
    }

    @Override
    public Optional<StoredPolicy> find(PolicyKind kind, String id) {
      return Optional.ofNullable(texts.get(kind + "/" + id))
          .map(t -> new StoredPolicy(kind, id, t, Instant.EPOCH));
    }

    @Override
    public boolean storeIfAbsent(PolicyKind kind, String id, String text, Instant now) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> ids(PolicyKind kind) {
      return List.of();
    }

    @Override
    public boolean delete(PolicyKind kind, String id) {
      owners.remove(kind + "/" + id);
      return texts.remove(kind + "/" + id) != null;
    }
  }

  @Test
  void fileWinsAtEveryStartAndOnChangeButWritesOnlyWhatDiffers() throws Exception {
    Repo repo = new Repo();
    Path f = Files.writeString(dir.resolve("policy.rego"), DENY);
    repo.store(PolicyKind.RESOURCE, "resource-policy", ALLOW, clock.instant()); // an API change
    assertThat(
            new ResourcePolicyFile(f, "resource-policy", repo, clock)
                .importNow(true, Runnable::run))
        .isTrue();
    assertThat(repo.texts).containsEntry("RESOURCE/resource-policy", DENY);

    int writes = repo.writes;
    ResourcePolicyFile restarted = new ResourcePolicyFile(f, "resource-policy", repo, clock);
    assertThat(restarted.importNow(true, Runnable::run)).isFalse();
    assertThat(repo.writes).isEqualTo(writes);

    Files.writeString(f, ALLOW);
    List<Runnable> pending = new ArrayList<>();
    assertThat(restarted.importNow(false, pending::add)).isTrue();
    assertThat(repo.texts).containsEntry("RESOURCE/resource-policy", ALLOW);
  }

  @Test
  void badFileStopsTheStartButOnlyWarnsAtRunTime() throws Exception {
    Repo repo = new Repo();
    Path f = Files.writeString(dir.resolve("policy.rego"), "package policy\n allow := ");
    ResourcePolicyFile p = new ResourcePolicyFile(f, "resource-policy", repo, clock);
    assertThatThrownBy(() -> p.importNow(true, Runnable::run))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kbs.resource.policy-file")
        .hasMessageContaining(f.toString());

    Files.writeString(f, DENY);
    p.importNow(true, Runnable::run);
    Files.writeString(f, "not rego {");
    assertThat(p.importNow(false, Runnable::run)).isFalse();
    assertThat(p.lastError()).get().asString().contains("stored resource policy is kept");
    assertThat(repo.texts).containsEntry("RESOURCE/resource-policy", DENY);
  }
}
