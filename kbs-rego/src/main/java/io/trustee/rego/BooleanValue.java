package io.trustee.rego;

/** A Rego boolean. Immutable; only the two constants exist. */
public final class BooleanValue extends Value {
  /** {@code true}. */
  public static final BooleanValue TRUE = new BooleanValue(true);

  /** {@code false}. */
  public static final BooleanValue FALSE = new BooleanValue(false);

  private final boolean value;

  private BooleanValue(boolean value) {
    this.value = value;
  }

  /** The constant for {@code b}. */
  public static BooleanValue of(boolean b) {
    return b ? TRUE : FALSE;
  }

  /** The Java boolean. */
  public boolean value() {
    return value;
  }

  @Override
  int rank() {
    return 1;
  }

  @Override
  public String typeName() {
    return "boolean";
  }

  @Override
  int compareSameRank(Value other) {
    return Boolean.compare(value, ((BooleanValue) other).value);
  }

  @Override
  void appendRego(StringBuilder sb) {
    sb.append(value);
  }

  @Override
  public Object toJava() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BooleanValue b && b.value == value;
  }

  @Override
  public int hashCode() {
    return value ? 1231 : 1237;
  }
}
