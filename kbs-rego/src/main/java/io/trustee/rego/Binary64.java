package io.trustee.rego;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Emulation of Go's {@code big.Float} at its default 64-bit mantissa precision, used only where
 * exact decimal arithmetic is impossible (non-terminating division), so that results print as OPA
 * prints them. Stateless and thread-safe.
 */
final class Binary64 {
  private static final int BITS = 64;

  /** A binary float {@code mantissa * 2^exponent} with a normalised 64-bit mantissa. */
  private record Bin(BigInteger mantissa, int exponent) {}

  private Binary64() {}

  /** a / b rounded as Go rounds it, then the shortest decimal that reads back the same. */
  static BigDecimal quotient(BigDecimal a, BigDecimal b) {
    Bin x = round(a.unscaledValue(), a.scale(), 0);
    Bin y = round(b.unscaledValue(), b.scale(), 0);
    Bin q = roundRatio(x.mantissa, y.mantissa, x.exponent - y.exponent);
    BigDecimal exact = value(q);
    for (int digits = 1; digits <= 30; digits++) {
      BigDecimal d = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (round(d.unscaledValue(), d.scale(), 0).equals(q)) {
        return d;
      }
    }
    return exact;
  }

  private static BigDecimal value(Bin b) {
    BigDecimal m = new BigDecimal(b.mantissa);
    return b.exponent >= 0
        ? m.multiply(new BigDecimal(BigInteger.TWO.pow(b.exponent)))
        : m.divide(new BigDecimal(BigInteger.TWO.pow(-b.exponent)));
  }

  /** Rounds unscaled * 10^-scale * 2^exp2 to a 64-bit mantissa. */
  private static Bin round(BigInteger unscaled, int scale, int exp2) {
    BigInteger num = unscaled;
    BigInteger den = BigInteger.ONE;
    if (scale > 0) {
      den = BigInteger.TEN.pow(scale);
    } else if (scale < 0) {
      num = num.multiply(BigInteger.TEN.pow(-scale));
    }
    return roundRatio(num, den, exp2);
  }

  /** Rounds (num / den) * 2^exp2 to a 64-bit mantissa, half to even. */
  private static Bin roundRatio(BigInteger num, BigInteger den, int exp2) {
    if (num.signum() == 0) {
      return new Bin(BigInteger.ZERO, 0);
    }
    int sign = num.signum() * den.signum();
    num = num.abs();
    den = den.abs();
    int k = BITS - (num.bitLength() - den.bitLength());
    BigInteger lo = BigInteger.ONE.shiftLeft(BITS - 1);
    BigInteger hi = BigInteger.ONE.shiftLeft(BITS);
    while (true) {
      BigInteger n = k >= 0 ? num.shiftLeft(k) : num;
      BigInteger d = k >= 0 ? den : den.shiftLeft(-k);
      BigInteger[] qr = n.divideAndRemainder(d);
      if (qr[0].compareTo(lo) < 0) {
        k++;
        continue;
      }
      if (qr[0].compareTo(hi) >= 0) {
        k--;
        continue;
      }
      BigInteger m = qr[0];
      int c = qr[1].shiftLeft(1).compareTo(d);
      if (c > 0 || (c == 0 && m.testBit(0))) {
        m = m.add(BigInteger.ONE);
        if (m.equals(hi)) {
          m = m.shiftRight(1);
          k--;
        }
      }
      return new Bin(sign < 0 ? m.negate() : m, exp2 - k);
    }
  }
}
