package io.trustee.rego.builtins;

import io.trustee.rego.BooleanValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * Go {@code fmt.Sprintf} formatting of Rego values, as OPA's {@code sprintf} does it: integral
 * numbers format as Go ints, other numbers as float64, strings as strings, and any other value with
 * its Rego text. Stateless and thread-safe.
 */
final class GoFormat {
  private GoFormat() {}

  static String sprintf(String f, List<Value> args) {
    StringBuilder out = new StringBuilder();
    int argi = 0;
    int i = 0;
    while (i < f.length()) {
      char c = f.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      if (i >= f.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      boolean minus = false;
      boolean zero = false;
      boolean plus = false;
      boolean space = false;
      boolean sharp = false;
      while (i < f.length() && "-0+ #".indexOf(f.charAt(i)) >= 0) {
        switch (f.charAt(i)) {
          case '-' -> minus = true;
          case '0' -> zero = true;
          case '+' -> plus = true;
          case ' ' -> space = true;
          default -> sharp = true;
        }
        i++;
      }
      int width = -1;
      while (i < f.length() && Character.isDigit(f.charAt(i))) {
        width = (width < 0 ? 0 : width * 10) + (f.charAt(i) - '0');
        i++;
      }
      int prec = -1;
      if (i < f.length() && f.charAt(i) == '.') {
        i++;
        prec = 0;
        while (i < f.length() && Character.isDigit(f.charAt(i))) {
          prec = prec * 10 + (f.charAt(i) - '0');
          i++;
        }
      }
      if (i >= f.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = f.charAt(i++);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (argi >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Value v = args.get(argi++);
      String s = format(verb, v, prec, plus, space, sharp);
      if (width > s.length()) {
        String pad =
            (zero && !minus && "dfeEgGxXob".indexOf(verb) >= 0 ? "0" : " ")
                .repeat(width - s.length());
        if (minus) {
          s = s + pad;
        } else if (pad.startsWith("0") && (s.startsWith("-") || s.startsWith("+"))) {
          s = s.charAt(0) + pad + s.substring(1);
        } else {
          s = pad + s;
        }
      }
      out.append(s);
    }
    if (argi < args.size()) {
      out.append("%!(EXTRA ");
      for (int j = argi; j < args.size(); j++) {
        if (j > argi) {
          out.append(", ");
        }
        out.append(goType(args.get(j))).append('=').append(plain(args.get(j)));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static String goType(Value v) {
    if (v instanceof NumberValue n) {
      return n.isInteger() ? (n.isLong() ? "int" : "*big.Int") : "float64";
    }
    if (v instanceof StringValue) {
      return "string";
    }
    if (v instanceof BooleanValue) {
      return "ast.Boolean";
    }
    return "ast." + Character.toUpperCase(v.typeName().charAt(0)) + v.typeName().substring(1);
  }

  private static String plain(Value v) {
    if (v instanceof StringValue s) {
      return s.value();
    }
    if (v instanceof NumberValue n && !n.isInteger()) {
      return goFloat(n.doubleValue());
    }
    return v.toString();
  }

  /** Go's {@code %v} of a float64: shortest digits, exponent form if exp < -4 or exp >= 6. */
  static String goFloat(double d) {
    if (d == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exp = bd.precision() - bd.scale() - 1;
    // strconv 'g' with the shortest precision switches to exponent form at exp < -4 || >= 6.
    if (exp < -4 || exp >= 6) {
      String m = bd.unscaledValue().abs().toString();
      String mant = m.length() > 1 ? m.charAt(0) + "." + m.substring(1) : m;
      return (d < 0 ? "-" : "")
          + mant
          + "e"
          + (exp < 0 ? "-" : "+")
          + (Math.abs(exp) < 10 ? "0" : "")
          + Math.abs(exp);
    }
    return bd.toPlainString();
  }

  private static String bad(char verb, Value v) {
    return "%!" + verb + "(" + goType(v) + "=" + plain(v) + ")";
  }

  private static String format(
      char verb, Value v, int prec, boolean plus, boolean space, boolean sharp) {
    switch (verb) {
      case 'v':
        if (v instanceof NumberValue n && Double.isInfinite(n.doubleValue())) {
          return n.text().replace("e+", "e");
        }
        if (v instanceof NumberValue n && !n.isInteger()) {
          return sign(goFloat(n.doubleValue()), plus, space);
        }
        return v instanceof NumberValue ? sign(plain(v), plus, space) : plain(v);
      case 's':
        if (v instanceof NumberValue n) {
          if (!n.isLong() && n.isInteger() || Double.isInfinite(n.doubleValue())) {
            return n.text().replace("e+", "e");
          }
          return bad(verb, v);
        }
        return prec >= 0 && plain(v).length() > prec ? plain(v).substring(0, prec) : plain(v);
      case 'q':
        if (v instanceof StringValue s) {
          StringBuilder sb = new StringBuilder();
          io.trustee.rego.Json.writeString(s.value(), sb);
          return sb.toString();
        }
        return bad(verb, v);
      case 't':
        return v instanceof BooleanValue ? v.toString() : bad(verb, v);
      case 'd':
        if (v instanceof NumberValue n && n.isInteger()) {
          return sign(n.decimal().toBigInteger().toString(), plus, space);
        }
        return bad(verb, v);
      case 'b':
      case 'o':
      case 'x':
      case 'X':
        if (v instanceof NumberValue n && n.isInteger()) {
          int radix = verb == 'b' ? 2 : verb == 'o' ? 8 : 16;
          BigInteger bi = n.decimal().toBigInteger();
          String s = bi.abs().toString(radix);
          if (sharp && radix == 16) {
            s = "0x" + s;
          }
          s = (bi.signum() < 0 ? "-" : "") + s;
          return verb == 'X' ? s.toUpperCase(Locale.ROOT) : s;
        }
        if (v instanceof StringValue s && (verb == 'x' || verb == 'X')) {
          StringBuilder sb = new StringBuilder();
          for (byte b : s.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(String.format(verb == 'x' ? "%02x" : "%02X", b));
          }
          return sb.toString();
        }
        if (v instanceof NumberValue n && (verb == 'x' || verb == 'X')) {
          return bad(verb, v);
        }
        return bad(verb, v);
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
        if (v instanceof NumberValue n && !n.isInteger()) {
          return sign(floatFormat(verb, n.doubleValue(), prec), plus, space);
        }
        return bad(verb, v);
      default:
        return "%!" + verb + "(" + goType(v) + "=" + plain(v) + ")";
    }
  }

  private static String sign(String s, boolean plus, boolean space) {
    if (s.startsWith("-")) {
      return s;
    }
    return plus ? "+" + s : space ? " " + s : s;
  }

  private static String floatFormat(char verb, double d, int prec) {
    switch (verb) {
      case 'f':
      case 'F':
        return new BigDecimal(d)
            .setScale(prec < 0 ? 6 : prec, java.math.RoundingMode.HALF_EVEN)
            .toPlainString();
      case 'e':
      case 'E':
        {
          String s = String.format(Locale.ROOT, "%." + (prec < 0 ? 6 : prec) + "e", d);
          return verb == 'E' ? s.toUpperCase(Locale.ROOT) : s;
        }
      default:
        if (prec < 0) {
          return goFloat(d);
        }
        String s = String.format(Locale.ROOT, "%." + Math.max(prec, 1) + "g", d);
        return verb == 'G' ? s.toUpperCase(Locale.ROOT) : s;
    }
  }
}
