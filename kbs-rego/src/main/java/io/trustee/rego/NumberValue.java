package io.trustee.rego;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact Rego number: a {@code long} fast path, {@link BigDecimal} otherwise. {@code 1} and
 * {@code 1.0} are equal and hash alike. Immutable.
 */
public final class NumberValue extends Value {
  private static final NumberValue[] SMALL = new NumberValue[1024 + 128];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = new NumberValue(i - 128, null);
    }
  }

  /** Zero. */
  public static final NumberValue ZERO = of(0);

  private final long small;
  private final BigDecimal big; // null when the value is the long `small`

  private NumberValue(long small, BigDecimal big) {
    this.small = small;
    this.big = big;
  }

  /** The value for a long. */
  public static NumberValue of(long l) {
    if (l >= -128 && l < SMALL.length - 128) {
      return SMALL[(int) l + 128];
    }
    return new NumberValue(l, null);
  }

  /** The value for a decimal; integral values that fit a long use the fast path. */
  public static NumberValue of(BigDecimal d) {
    if (d.signum() == 0) {
      return ZERO;
    }
    if (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
      try {
        return of(d.longValueExact());
      } catch (ArithmeticException e) {
        return new NumberValue(0, d.stripTrailingZeros());
      }
    }
    return new NumberValue(0, d);
  }

  /** The value for any Java number. */
  public static NumberValue of(Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return of(n.longValue());
    }
    if (n instanceof BigDecimal d) {
      return of(d);
    }
    if (n instanceof BigInteger b) {
      return of(new BigDecimal(b));
    }
    double d = n.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("not a finite number: " + n);
    }
    return of(new BigDecimal(Double.toString(d)));
  }

  /** Parses a JSON/Rego number literal. */
  public static NumberValue parse(String text) {
    if (text.length() < 18
        && text.indexOf('.') < 0
        && text.indexOf('e') < 0
        && text.indexOf('E') < 0) {
      return of(Long.parseLong(text));
    }
    return of(new BigDecimal(text));
  }

  /** True if the number is held as a long. */
  public boolean isLong() {
    return big == null;
  }

  /** The long value (only meaningful when {@link #isLong()}). */
  public long longValue() {
    return big == null ? small : big.longValue();
  }

  /** True if the number is integral. */
  public boolean isInteger() {
    return big == null || big.stripTrailingZeros().scale() <= 0;
  }

  /** The exact decimal. */
  public BigDecimal decimal() {
    return big == null ? BigDecimal.valueOf(small) : big;
  }

  /** The integral value as an int if it is integral and fits, else null. */
  public Integer intValueExact() {
    if (big == null) {
      return small >= Integer.MIN_VALUE && small <= Integer.MAX_VALUE ? (int) small : null;
    }
    try {
      return big.intValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** The value as a double. */
  public double doubleValue() {
    return big == null ? small : big.doubleValue();
  }

  /** Sum. */
  public NumberValue add(NumberValue o) {
    if (big == null && o.big == null) {
      long r = small + o.small;
      if (((small ^ r) & (o.small ^ r)) >= 0) {
        return of(r);
      }
    }
    return of(decimal().add(o.decimal()));
  }

  /** Difference. */
  public NumberValue subtract(NumberValue o) {
    if (big == null && o.big == null) {
      long r = small - o.small;
      if (((small ^ o.small) & (small ^ r)) >= 0) {
        return of(r);
      }
    }
    return of(decimal().subtract(o.decimal()));
  }

  /** Product. */
  public NumberValue multiply(NumberValue o) {
    if (big == null && o.big == null) {
      long hi = Math.multiplyHigh(small, o.small);
      long lo = small * o.small;
      if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
        return of(lo);
      }
    }
    return of(decimal().multiply(o.decimal()));
  }

  /**
   * Quotient; the caller checks for zero. Terminating quotients are exact. A non-terminating one is
   * computed as OPA computes it: operands and result rounded to a 64-bit binary mantissa (Go's
   * {@code big.Float} default precision), printed as the shortest decimal that reads back to the
   * same binary value.
   */
  public NumberValue divide(NumberValue o) {
    if (big == null && o.big == null && o.small != 0 && small % o.small == 0) {
      return of(small / o.small);
    }
    try {
      return of(decimal().divide(o.decimal()));
    } catch (ArithmeticException e) {
      return of(Binary64.quotient(decimal(), o.decimal()));
    }
  }

  /** Negation. */
  public NumberValue negate() {
    return big == null && small != Long.MIN_VALUE ? of(-small) : of(decimal().negate());
  }

  /** Sign. */
  public int signum() {
    return big == null ? Long.signum(small) : big.signum();
  }

  @Override
  int rank() {
    return 2;
  }

  @Override
  public String typeName() {
    return "number";
  }

  @Override
  int compareSameRank(Value other) {
    NumberValue o = (NumberValue) other;
    if (big == null && o.big == null) {
      return Long.compare(small, o.small);
    }
    return decimal().compareTo(o.decimal());
  }

  @Override
  void appendRego(StringBuilder sb) {
    sb.append(text());
  }

  /** The canonical text: integers without a fraction, decimals in plain notation. */
  public String text() {
    if (big == null) {
      return Long.toString(small);
    }
    BigDecimal s;
    try {
      s = big.stripTrailingZeros();
    } catch (ArithmeticException e) {
      // Stripping would push the scale past Integer.MIN_VALUE: keep the number as it is.
      s = big;
    }
    // Not Math.abs(scale): for a scale of Integer.MIN_VALUE it stays negative, and
    // toPlainString would then throw for an exponent near 2^31 (a fuzzer finding).
    if (s.scale() > 40 || s.scale() < -40) {
      return s.toString().replace("E+", "e+").replace("E-", "e-");
    }
    return s.toPlainString();
  }

  @Override
  public Object toJava() {
    return big == null ? (Object) small : big;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof NumberValue n)) {
      return false;
    }
    if (big == null && n.big == null) {
      return small == n.small;
    }
    return decimal().compareTo(n.decimal()) == 0;
  }

  @Override
  public int hashCode() {
    if (big == null) {
      return Long.hashCode(small);
    }
    return big.stripTrailingZeros().hashCode();
  }
}
