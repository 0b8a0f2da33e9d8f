package io.trustee.kbs.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Storage of sealed secrets keyed by {@code repository/type/tag}. Callers run in a transaction. */
public interface ResourceRepository {

  /**
   * Stores or replaces the sealed secret. A new row has no owning directory; an existing row keeps
   * its owner (the admin API refuses changes to directory-owned secrets before it gets here, and a
   * re-seal must not change ownership).
   */
  void put(String path, byte[] sealed, String keyId, Instant now);

  /**
   * Stores or replaces the sealed secret as owned by {@code source}, a mounted LocalFs directory
   * ({@code localfs:<dir>}).
   */
  void putOwned(String path, byte[] sealed, String keyId, Instant now, String source);

  /** The directory that owns the secret at {@code path}; empty if absent or stored by the API. */
  Optional<String> sourceOf(String path);

  /** Every secret that a directory owns: path → source. */
  Map<String, String> owned();

  Optional<StoredResource> find(String path);

  /** Returns false when there was nothing to delete. */
  boolean delete(String path);

  List<ResourceInfo> list();
}
