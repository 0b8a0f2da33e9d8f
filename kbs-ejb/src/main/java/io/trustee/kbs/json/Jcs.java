package io.trustee.kbs.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON Canonicalization Scheme (RFC 8785) over a Jackson tree: object members sorted by the UTF-16
 * code units of their names (which is {@link String#compareTo}), no whitespace, strings escaped as
 * ECMAScript {@code JSON.stringify} does (only quote, backslash and control characters; the five
 * short forms for backspace, form feed, newline, carriage return and tab, six-character lowercase
 * hex escapes for the other control characters), numbers in the ECMAScript {@code
 * Number.prototype.toString} form of their IEEE-754 double value.
 *
 * <p>Limitation: number formatting relies on {@link Double#toString}, which on Java 17 is not
 * always the shortest round-trip form (JDK-4511638, fixed in Java 19); the protocol values hashed
 * with JCS here are strings, objects and small integers, for which the output is exact.
 *
 * <p>Stateless and thread-safe.
 */
public final class Jcs {
  private static final BigInteger MAX_SAFE = BigInteger.valueOf(9007199254740992L); // 2^53

  private Jcs() {}

  /**
   * Canonical text of {@code node}.
   *
   * @throws IllegalArgumentException for values JSON cannot represent (NaN, infinities, binary or
   *     POJO nodes)
   */
  public static String canonicalize(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(node, sb);
    return sb.toString();
  }

  private static void write(JsonNode node, StringBuilder sb) {
    switch (node.getNodeType()) {
      case NULL, MISSING -> sb.append("null");
      case BOOLEAN -> sb.append(node.booleanValue());
      case STRING -> string(node.textValue(), sb);
      case NUMBER -> sb.append(number(node));
      case ARRAY -> {
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(node.get(i), sb);
        }
        sb.append(']');
      }
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          members.add(it.next());
        }
        members.sort(Map.Entry.comparingByKey());
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> m : members) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          string(m.getKey(), sb);
          sb.append(':');
          write(m.getValue(), sb);
        }
        sb.append('}');
      }
      default ->
          throw new IllegalArgumentException(
              "JCS cannot represent a " + node.getNodeType() + " node");
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static String number(JsonNode n) {
    if (n.isIntegralNumber()) {
      BigInteger v = n.bigIntegerValue();
      if (v.abs().compareTo(MAX_SAFE) <= 0) {
        return v.toString();
      }
    }
    return formatDouble(n.doubleValue());
  }

  /** ECMAScript Number::toString (ECMA-262 §6.1.6.1.20) for a finite double. */
  static String formatDouble(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("JCS cannot represent " + d);
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int k = digits.length();
    int n = k - bd.scale();
    StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
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
      sb.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
    }
    return sb.toString();
  }
}
