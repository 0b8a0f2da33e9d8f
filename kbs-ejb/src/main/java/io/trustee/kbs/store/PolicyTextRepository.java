package io.trustee.kbs.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Storage of policy texts by kind and id (overwrite on store). Callers run in a transaction. */
public interface PolicyTextRepository {

  /** Stores (or replaces) a policy; its owner, if it had one, is cleared. */
  void store(PolicyKind kind, String id, String text, Instant now);

  /**
   * Stores (or replaces) a policy owned by a mounted file or directory ({@code source}); only an
   * import writes these.
   */
  void storeOwned(PolicyKind kind, String id, String text, Instant now, String source);

  /** The policies of {@code kind} that have an owner: id → source. */
  Map<String, String> owned(PolicyKind kind);

  Optional<StoredPolicy> find(PolicyKind kind, String id);

  /** Stores only when no policy with this kind and id exists; returns true if it stored. */
  boolean storeIfAbsent(PolicyKind kind, String id, String text, Instant now);

  List<String> ids(PolicyKind kind);

  /** Returns false when there was nothing to delete. */
  boolean delete(PolicyKind kind, String id);
}
