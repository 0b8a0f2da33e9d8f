package io.trustee.kbs.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of sealed secrets keyed by {@code repository/type/tag}. Callers run in a transaction. */
public interface ResourceRepository {

  /** Stores or replaces the sealed secret. */
  void put(String path, byte[] sealed, String keyId, Instant now);

  Optional<StoredResource> find(String path);

  /** Returns false when there was nothing to delete. */
  boolean delete(String path);

  List<ResourceInfo> list();
}
