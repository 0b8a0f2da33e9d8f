package io.trustee.kbs.attestation.snp;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded set of digests of inputs whose signature verified, least recently used dropped first.
 * Size 0 disables it (nothing is remembered). Thread-safe: every access holds the set's lock (the
 * work under it is a hash lookup).
 */
final class VerdictCache {
  private final int maxEntries;
  private final Map<ByteBuffer, Boolean> entries;

  VerdictCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("cache size must not be negative: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
            return size() > maxEntries;
          }
        };
  }

  boolean enabled() {
    return maxEntries > 0;
  }

  /** Whether {@code digest} was {@linkplain #add added} and not evicted since. */
  boolean contains(byte[] digest) {
    if (!enabled()) {
      return false;
    }
    synchronized (entries) {
      return entries.get(ByteBuffer.wrap(digest)) != null;
    }
  }

  /** Remembers {@code digest} (the caller must not change the array afterwards). */
  void add(byte[] digest) {
    if (enabled()) {
      synchronized (entries) {
        entries.put(ByteBuffer.wrap(digest), Boolean.TRUE);
      }
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  int maxEntries() {
    return maxEntries;
  }
}
