package io.trustee.rego;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A Rego set. Immutable; iteration is in OPA's sorted order. */
public final class SetValue extends Value {
  /** The empty set. */
  public static final SetValue EMPTY = new SetValue(Set.of());

  private final Set<Value> set;
  private volatile Value[] sorted;
  private int hash;

  private SetValue(Set<Value> set) {
    this.set = set;
  }

  /** A set of the given elements (duplicates collapse). */
  public static SetValue of(Collection<Value> items) {
    if (items.isEmpty()) {
      return EMPTY;
    }
    return new SetValue(new LinkedHashSet<>(items));
  }

  /** Wraps a set the caller promises never to modify. */
  static SetValue wrap(Set<Value> s) {
    return s.isEmpty() ? EMPTY : new SetValue(s);
  }

  /** Number of elements. */
  public int size() {
    return set.size();
  }

  /** Membership. */
  public boolean contains(Value v) {
    return set.contains(v);
  }

  /** The elements in sorted order, as an unmodifiable list. */
  public List<Value> sorted() {
    return List.of(sortedArray());
  }

  Value[] sortedArray() {
    Value[] s = sorted;
    if (s == null) {
      s = set.toArray(new Value[0]);
      Arrays.sort(s);
      sorted = s;
    }
    return s;
  }

  /** The elements as an unmodifiable set. */
  public Set<Value> asSet() {
    return java.util.Collections.unmodifiableSet(set);
  }

  @Override
  int rank() {
    return 6;
  }

  @Override
  public String typeName() {
    return "set";
  }

  @Override
  int compareSameRank(Value other) {
    Value[] a = sortedArray();
    Value[] b = ((SetValue) other).sortedArray();
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = a[i].compareTo(b[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  @Override
  void appendRego(StringBuilder sb) {
    if (set.isEmpty()) {
      sb.append("set()");
      return;
    }
    sb.append('{');
    boolean first = true;
    for (Value v : sortedArray()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      v.appendRego(sb);
    }
    sb.append('}');
  }

  @Override
  public Object toJava() {
    Set<Object> out = new TreeSet<>((x, y) -> Value.fromJava(x).compareTo(Value.fromJava(y)));
    for (Value v : set) {
      out.add(v.toJava());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof SetValue s && s.set.size() == set.size() && set.equals(s.set));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = set.hashCode() | 1;
      hash = h;
    }
    return h;
  }
}
