package io.trustee.kbs.as;

import java.util.List;
import java.util.Optional;

/**
 * Attestation policies by id ({@code default_cpu}, …) → Rego text ({@code attestation-service.md}
 * §8). Implementations: an in-memory one in the tests and a JPA one in the persistence module. Must
 * be thread-safe; {@link #storeIfAbsent} must be atomic per id.
 */
public interface PolicyRepository {
  Optional<String> find(String policyId);

  /** Stores (overwrites) a policy. */
  void store(String policyId, String regoText);

  /** Stores only if no policy has this id; returns true if it stored. */
  boolean storeIfAbsent(String policyId, String regoText);

  /** Ids, sorted. */
  List<String> ids();

  boolean delete(String policyId);
}
