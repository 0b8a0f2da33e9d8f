package io.trustee.kbs.as;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link PolicyRepository} in memory. Thread-safe. */
public final class InMemoryPolicyRepository implements PolicyRepository {
  private final ConcurrentSkipListMap<String, String> policies = new ConcurrentSkipListMap<>();

  @Override
  public Optional<String> find(String policyId) {
    return Optional.ofNullable(policies.get(policyId));
  }

  @Override
  public void store(String policyId, String regoText) {
    policies.put(Objects.requireNonNull(policyId), Objects.requireNonNull(regoText));
  }

  @Override
  public boolean storeIfAbsent(String policyId, String regoText) {
    return policies.putIfAbsent(Objects.requireNonNull(policyId), Objects.requireNonNull(regoText))
        == null;
  }

  @Override
  public List<String> ids() {
    return List.copyOf(policies.keySet());
  }

  @Override
  public boolean delete(String policyId) {
    return policies.remove(policyId) != null;
  }
}
