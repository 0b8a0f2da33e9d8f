package io.trustee.kbs.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme over Jackson trees: object members sorted by key in UTF-16
 * code-unit order at every level, no whitespace, minimal string escaping, numbers serialised as
 * ECMAScript {@code Number.prototype.toString} serialises an IEEE-754 double.
 *
 * <p>Numbers are converted to {@code double} first (RFC 8785 §3.2.2.3 works on I-JSON numbers), so
 * integers beyond 2^53 lose precision exactly as they would in any conforming implementation.
 * Stateless and thread-safe; {@code null} arguments are rejected.
 */
public final class Jcs {
  private Jcs() {}

  /** Returns the canonical form of {@code node}; encode it as UTF-8 before hashing. */
  public static String canonicalize(JsonNode node) {
    if (node == null) {
      throw new NullPointerException("node");
    }
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        it.forEachRemaining(members::add);
        // String.compareTo compares UTF-16 code units, which is what RFC 8785 §3.2.3 requires.
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : members) {
          if (!first) {
            out.append(',');
          }
          first = false;
          writeString(e.getKey(), out);
          out.append(':');
          write(e.getValue(), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> out.append(formatNumber(node.doubleValue()));
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default ->
          throw new IllegalArgumentException("not representable in JSON: " + node.getNodeType());
    }
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * ECMAScript Number::toString for a finite double (ECMA-262 §6.1.6.1.20): the shortest digit
   * string that round-trips, placed in plain or exponential notation depending on its exponent.
   */
  static String formatNumber(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("NaN and Infinity are not valid JSON numbers");
    }
    if (d == 0) {
      return "0"; // also for -0
    }
    String sign = d < 0 ? "-" : "";
    BigDecimal exact = new BigDecimal(Math.abs(d));
    BigDecimal shortest = null;
    // The nearest p-digit decimal to the exact binary value; the first p that round-trips is the
    // shortest, and being the nearest it is also the one ECMAScript picks among equals.
    // At a power of two the rounding interval is asymmetric, so a neighbour of the nearest
    // p-digit decimal may round-trip when the nearest does not; try both neighbours too.
    for (int p = 1; p <= 17 && shortest == null; p++) {
      BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(-nearest.scale());
      for (BigDecimal candidate : List.of(nearest, nearest.subtract(unit), nearest.add(unit))) {
        if (candidate.signum() > 0
            && candidate.precision() <= p
            && candidate.doubleValue() == Math.abs(d)
            && (shortest == null
                || candidate.subtract(exact).abs().compareTo(shortest.subtract(exact).abs()) < 0)) {
          shortest = candidate;
        }
      }
    }
    if (shortest == null) {
      throw new IllegalStateException("no round-tripping decimal for " + d);
    }
    BigDecimal stripped = shortest.stripTrailingZeros();
    String digits = stripped.unscaledValue().toString();
    int k = digits.length();
    int n = k - stripped.scale(); // value = 0.digits × 10^n
    StringBuilder sb = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      sb.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      int e = n - 1;
      sb.append('e').append(e >= 0 ? "+" : "-").append(Math.abs(e));
    }
    return sb.toString();
  }
}
