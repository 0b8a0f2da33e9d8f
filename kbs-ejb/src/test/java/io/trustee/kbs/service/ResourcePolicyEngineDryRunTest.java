package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.policy.PolicyDecision;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.StoredPolicy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourcePolicyEngineDryRunTest {
  private static final String DENY = "package policy\n\ndefault allow := false\n";
  private static final String BY_REPO =
      "package policy\n\nimport rego.v1\n\ndefault allow := false\n\n"
          + "allow if data[\"resource-path\"][0] == \"default\"\n";

  /** Stored policies by id; any write fails the test. */
  private static final class ReadOnlyRepo implements PolicyTextRepository {
    final Map<String, String> texts = new HashMap<>();

    @Override
    public void store(PolicyKind kind, String id, String text, Instant now) {
      throw new AssertionError("a dry run must not store");
    }

    @Override
    public void storeOwned(PolicyKind kind, String id, String text, Instant now, String source) {
      throw new AssertionError("a dry run must not store");
    }

    @Override
    public Map<String, String> owned(PolicyKind kind) {
      return Map.of();
    }

    @Override
    public Optional<StoredPolicy> find(PolicyKind kind, String id) {
      return Optional.ofNullable(texts.get(id))
          .map(t -> new StoredPolicy(kind, id, t, Instant.EPOCH));
    }

    @Override
    public boolean storeIfAbsent(PolicyKind kind, String id, String text, Instant now) {
      throw new AssertionError("a dry run must not store");
    }

    @Override
    public List<String> ids(PolicyKind kind) {
      return List.copyOf(texts.keySet());
    }

    @Override
    public boolean delete(PolicyKind kind, String id) {
      throw new AssertionError("a dry run must not delete");
    }
  }

  private final JsonNode claims;

  ResourcePolicyEngineDryRunTest() throws Exception {
    claims = new ObjectMapper().readTree("{\"submods\":{\"cpu0\":{\"ear.status\":\"affirming\"}}}");
  }

  @Test
  void evaluatesTheStoredPolicyWhenNoTextIsGiven() {
    ResourcePolicyEngine engine = new ResourcePolicyEngine();
    ReadOnlyRepo repo = new ReadOnlyRepo();
    repo.texts.put(ResourcePolicyEngine.POLICY_ID, DENY);
    engine.policies = repo;
    PolicyDecision d = engine.dryRun(null, claims, List.of("default", "key", "x"), Map.of());
    assertThat(d.allowed()).isFalse();
    assertThat(d.consultedRules()).containsKey("data.policy.allow");
  }

  @Test
  void evaluatesAGivenTextAgainstTheRequestWithoutStoringIt() {
    ResourcePolicyEngine engine = new ResourcePolicyEngine();
    ReadOnlyRepo repo = new ReadOnlyRepo();
    repo.texts.put(ResourcePolicyEngine.POLICY_ID, DENY);
    engine.policies = repo;
    assertThat(engine.dryRun(BY_REPO, claims, List.of("default", "key", "x"), Map.of()).allowed())
        .isTrue();
    assertThat(engine.dryRun(BY_REPO, claims, List.of("other", "key", "x"), Map.of()).allowed())
        .isFalse();
    assertThat(repo.texts).containsOnlyKeys(ResourcePolicyEngine.POLICY_ID);
  }
}
