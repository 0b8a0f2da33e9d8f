package io.trustee.kbs.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps a label's set of values bounded, so that a metric cannot grow a series per distinct input:
 * a value is admitted if it is in the fixed list given, or (for an open label) if it looks like a
 * name ({@code [a-z0-9][a-z0-9 ._-]*}, at most {@value #MAX_CHARS} characters) and fewer than the
 * cap of distinct values were admitted before; anything else is {@value #OTHER}. Thread-safe.
 */
final class BoundedLabel {
  /** The value that stands for everything not admitted. */
  static final String OTHER = "other";

  static final int MAX_CHARS = 48;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9 ._-]*");

  private final Set<String> fixed;
  private final int cap;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  private BoundedLabel(Set<String> fixed, int cap) {
    this.fixed = Set.copyOf(fixed);
    this.cap = cap;
  }

  /** Only the values of {@code fixed}. */
  static BoundedLabel of(Set<String> fixed) {
    return new BoundedLabel(fixed, 0);
  }

  /** The first {@code cap} distinct name-like values seen. */
  static BoundedLabel firstSeen(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be positive: " + cap);
    }
    return new BoundedLabel(Set.of(), cap);
  }

  /** {@code value} if admitted, else {@value #OTHER}. */
  String value(String value) {
    if (value == null) {
      return OTHER;
    }
    if (fixed.contains(value) || admitted.contains(value)) {
      return value;
    }
    if (cap == 0 || value.length() > MAX_CHARS || !NAME.matcher(value).matches()) {
      return OTHER;
    }
    synchronized (admitted) {
      if (admitted.size() < cap) {
        admitted.add(value);
        return value;
      }
    }
    return OTHER;
  }
}
