package io.trustee.kbs.throttle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An access-ordered map that drops its least recently used entry beyond a size. Not thread-safe.
 */
final class BoundedLru<K, V> extends LinkedHashMap<K, V> {
  private static final long serialVersionUID = 1L;
  private final int maxEntries;

  BoundedLru(int maxEntries) {
    super(16, 0.75f, true);
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    this.maxEntries = maxEntries;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > maxEntries;
  }
}
