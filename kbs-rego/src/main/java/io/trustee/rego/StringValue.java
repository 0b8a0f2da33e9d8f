package io.trustee.rego;

/** A Rego string. Immutable. */
public final class StringValue extends Value {
  /** The empty string. */
  public static final StringValue EMPTY = new StringValue("");

  private final String value;

  private StringValue(String value) {
    this.value = value;
  }

  /** The value for {@code s} (not null). */
  public static StringValue of(String s) {
    return s.isEmpty() ? EMPTY : new StringValue(s);
  }

  /** The Java string. */
  public String value() {
    return value;
  }

  @Override
  int rank() {
    return 3;
  }

  @Override
  public String typeName() {
    return "string";
  }

  @Override
  int compareSameRank(Value other) {
    return value.compareTo(((StringValue) other).value);
  }

  @Override
  void appendRego(StringBuilder sb) {
    Json.writeString(value, sb);
  }

  @Override
  public Object toJava() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof StringValue s && s.value.equals(value));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
