package io.trustee.rego;

/** The Rego {@code null}. Immutable singleton. */
public final class NullValue extends Value {
  /** The single instance. */
  public static final NullValue INSTANCE = new NullValue();

  private NullValue() {}

  @Override
  int rank() {
    return 0;
  }

  @Override
  public String typeName() {
    return "null";
  }

  @Override
  int compareSameRank(Value other) {
    return 0;
  }

  @Override
  void appendRego(StringBuilder sb) {
    sb.append("null");
  }

  @Override
  public Object toJava() {
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NullValue;
  }

  @Override
  public int hashCode() {
    return 7;
  }
}
