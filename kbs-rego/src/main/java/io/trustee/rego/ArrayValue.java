package io.trustee.rego;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A Rego array. Immutable; the element list is copied in. */
public final class ArrayValue extends Value {
  /** The empty array. */
  public static final ArrayValue EMPTY = new ArrayValue(new Value[0]);

  private final Value[] items;
  private int hash;

  private ArrayValue(Value[] items) {
    this.items = items;
  }

  /** An array of the given elements. */
  public static ArrayValue of(List<Value> items) {
    return items.isEmpty() ? EMPTY : new ArrayValue(items.toArray(new Value[0]));
  }

  /** An array of the given elements (copied). */
  public static ArrayValue of(Value... items) {
    return items.length == 0 ? EMPTY : new ArrayValue(items.clone());
  }

  /** Wraps an array the caller promises never to modify. */
  static ArrayValue wrap(Value[] items) {
    return new ArrayValue(items);
  }

  /** Number of elements. */
  public int size() {
    return items.length;
  }

  /** Element {@code i}. */
  public Value get(int i) {
    return items[i];
  }

  /** The elements as an unmodifiable list. */
  public List<Value> items() {
    return List.of(items);
  }

  @Override
  int rank() {
    return 4;
  }

  @Override
  public String typeName() {
    return "array";
  }

  @Override
  int compareSameRank(Value other) {
    ArrayValue o = (ArrayValue) other;
    int n = Math.min(items.length, o.items.length);
    for (int i = 0; i < n; i++) {
      int c = items[i].compareTo(o.items[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(items.length, o.items.length);
  }

  @Override
  void appendRego(StringBuilder sb) {
    sb.append('[');
    for (int i = 0; i < items.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      items[i].appendRego(sb);
    }
    sb.append(']');
  }

  @Override
  public Object toJava() {
    List<Object> out = new ArrayList<>(items.length);
    for (Value v : items) {
      out.add(v.toJava());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof ArrayValue a && Arrays.equals(items, a.items));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(items) | 1;
      hash = h;
    }
    return h;
  }
}
