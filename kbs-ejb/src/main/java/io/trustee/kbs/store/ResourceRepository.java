package io.trustee.kbs.store;

import io.trustee.kbs.resource.ResourcePath;
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
  void put(ResourcePath path, byte[] sealed, String keyId, Instant now);

  /**
   * Stores or replaces the sealed secret as owned by {@code source}, a mounted LocalFs directory
   * ({@code localfs:<dir>}).
   */
  void putOwned(ResourcePath path, byte[] sealed, String keyId, Instant now, String source);

  /** The directory that owns the secret at {@code path}; empty if absent or stored by the API. */
  Optional<String> sourceOf(ResourcePath path);

  /** Every secret that a directory owns: path → source, in path order. */
  Map<ResourcePath, String> owned();

  Optional<StoredResource> find(ResourcePath path);

  /** Returns false when there was nothing to delete. */
  boolean delete(ResourcePath path);

  List<ResourceInfo> list();
}
