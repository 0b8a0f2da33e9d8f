package io.trustee.kbs.store;

import java.util.List;
import java.util.Map;

/**
 * Key-encryption-key maintenance of the sealed secrets ({@code KBS_RESOURCE}): reading them in path
 * order in batches and swapping an envelope for one under another key, guarded by the row version
 * so a concurrent admin write is never overwritten. Callers run in a transaction.
 */
public interface SealedResourceRows {

  /** One sealed secret with the row version it was read at. */
  record Row(String path, byte[] sealed, String keyId, long version) {}

  /** Up to {@code limit} rows with a path after {@code afterPath} ("" for the first), in order. */
  List<Row> batchAfter(String afterPath, int limit);

  /** Replaces the envelope if the row is still at {@code version}; false if it changed. */
  boolean replaceSealing(String path, long version, byte[] sealed, String keyId);

  /** How many secrets each key-encryption key id seals. */
  Map<String, Long> countByKeyId();
}
