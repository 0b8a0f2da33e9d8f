package io.trustee.rego;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A Rego object (keys may be any value). Immutable; iteration is in sorted key order. */
public final class ObjectValue extends Value {
  /** The empty object. */
  public static final ObjectValue EMPTY = new ObjectValue(Map.of());

  private final Map<Value, Value> map;
  private volatile Value[] sortedKeys;
  private int hash;

  private ObjectValue(Map<Value, Value> map) {
    this.map = map;
  }

  /** An object with the given entries (copied). */
  public static ObjectValue of(Map<Value, Value> entries) {
    return entries.isEmpty() ? EMPTY : new ObjectValue(new LinkedHashMap<>(entries));
  }

  /** Wraps a map the caller promises never to modify. */
  static ObjectValue wrap(Map<Value, Value> m) {
    return m.isEmpty() ? EMPTY : new ObjectValue(m);
  }

  /** Number of entries. */
  public int size() {
    return map.size();
  }

  /** The value at {@code key}, or null. */
  public Value get(Value key) {
    return map.get(key);
  }

  /** The value at string key {@code key}, or null. */
  public Value get(String key) {
    return map.get(StringValue.of(key));
  }

  /** The keys in sorted order. */
  public java.util.List<Value> sortedKeys() {
    return java.util.List.of(sortedKeyArray());
  }

  Value[] sortedKeyArray() {
    Value[] s = sortedKeys;
    if (s == null) {
      s = map.keySet().toArray(new Value[0]);
      Arrays.sort(s);
      sortedKeys = s;
    }
    return s;
  }

  /** The entries as an unmodifiable map. */
  public Map<Value, Value> asMap() {
    return Collections.unmodifiableMap(map);
  }

  @Override
  int rank() {
    return 5;
  }

  @Override
  public String typeName() {
    return "object";
  }

  @Override
  int compareSameRank(Value other) {
    ObjectValue o = (ObjectValue) other;
    Value[] a = sortedKeyArray();
    Value[] b = o.sortedKeyArray();
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = a[i].compareTo(b[i]);
      if (c != 0) {
        return c;
      }
      c = map.get(a[i]).compareTo(o.map.get(b[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  @Override
  void appendRego(StringBuilder sb) {
    sb.append('{');
    boolean first = true;
    for (Value k : sortedKeyArray()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      k.appendRego(sb);
      sb.append(": ");
      map.get(k).appendRego(sb);
    }
    sb.append('}');
  }

  @Override
  public Object toJava() {
    Map<Object, Object> out =
        new TreeMap<>((x, y) -> Value.fromJava(x).compareTo(Value.fromJava(y)));
    map.forEach((k, v) -> out.put(k.toJava(), v.toJava()));
    return new LinkedHashMap<>(out);
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ObjectValue ov && ov.map.size() == map.size() && map.equals(ov.map));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = map.hashCode() | 1;
      hash = h;
    }
    return h;
  }
}
