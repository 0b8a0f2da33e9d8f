package io.trustee.rego;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable Rego value: null, boolean, number, string, array, object or set.
 *
 * <p>Values are ordered with OPA's total order (null &lt; boolean &lt; number &lt; string &lt;
 * array &lt; object &lt; set). Numbers are exact: {@code 1} equals {@code 1.0}. "Undefined" is not
 * a value; the engine represents it by the absence of a value. All instances are immutable and
 * thread-safe.
 */
public abstract class Value implements Comparable<Value> {

  Value() {}

  /** The OPA type rank used by the total order. */
  abstract int rank();

  /** The OPA type name, as {@code type_name} returns it ("null", "boolean", ...). */
  public abstract String typeName();

  /** Compares two values of the same rank. */
  abstract int compareSameRank(Value other);

  @Override
  public final int compareTo(Value o) {
    if (this == o) {
      return 0;
    }
    int r = Integer.compare(rank(), o.rank());
    return r != 0 ? r : compareSameRank(o);
  }

  /** Compact JSON; sets become sorted arrays and non-string object keys their JSON text. */
  public final String toJson() {
    StringBuilder sb = new StringBuilder();
    Json.write(this, sb);
    return sb.toString();
  }

  /** The Rego term syntax of this value, e.g. {@code {"a": [1, 2]}} or {@code set()}. */
  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder();
    appendRego(sb);
    return sb.toString();
  }

  abstract void appendRego(StringBuilder sb);

  /** Parses JSON text into a value; throws IllegalArgumentException if it is not valid JSON. */
  public static Value fromJson(String json) {
    return Json.parse(json);
  }

  /**
   * Converts plain Java data (Map, List, Set, arrays of Object, String, Number, Boolean, null) to a
   * value.
   */
  public static Value fromJava(Object o) {
    if (o == null) {
      return NullValue.INSTANCE;
    }
    if (o instanceof Value v) {
      return v;
    }
    if (o instanceof Boolean b) {
      return BooleanValue.of(b);
    }
    if (o instanceof String s) {
      return StringValue.of(s);
    }
    if (o instanceof Number n) {
      return NumberValue.of(n);
    }
    if (o instanceof Map<?, ?> m) {
      Map<Value, Value> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(fromJava(k), fromJava(v)));
      return ObjectValue.of(out);
    }
    if (o instanceof Set<?> s) {
      List<Value> out = new ArrayList<>();
      for (Object e : s) {
        out.add(fromJava(e));
      }
      return SetValue.of(out);
    }
    if (o instanceof Collection<?> c) {
      List<Value> out = new ArrayList<>();
      for (Object e : c) {
        out.add(fromJava(e));
      }
      return ArrayValue.of(out);
    }
    if (o instanceof Object[] arr) {
      return fromJava(List.of(arr));
    }
    throw new IllegalArgumentException("cannot convert " + o.getClass().getName());
  }

  /**
   * Converts to plain Java: null, Boolean, String, Long or BigDecimal, List, Set (sets), Map
   * (objects).
   */
  public abstract Object toJava();

  /** True if this value is the boolean {@code false}. */
  public boolean isFalse() {
    return this == BooleanValue.FALSE;
  }
}
