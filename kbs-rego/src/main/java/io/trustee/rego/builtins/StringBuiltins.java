package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** String builtins. Indices and lengths count Unicode code points, as OPA counts runes. */
final class StringBuiltins {
  private StringBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "concat",
        2,
        a -> {
          String sep = Args.str(a, 0);
          List<String> parts = new ArrayList<>();
          for (Value v : Args.elems(a, 1, "one of {array, set}")) {
            if (!(v instanceof StringValue s)) {
              throw BuiltinException.type(
                  "operand 2 must be one of {set[string], array[string]}"
                      + " but got "
                      + a[1].typeName());
            }
            parts.add(s.value());
          }
          return StringValue.of(String.join(sep, parts));
        });
    reg(m, "contains", 2, a -> BooleanValue.of(Args.str(a, 0).contains(Args.str(a, 1))));
    reg(m, "startswith", 2, a -> BooleanValue.of(Args.str(a, 0).startsWith(Args.str(a, 1))));
    reg(m, "endswith", 2, a -> BooleanValue.of(Args.str(a, 0).endsWith(Args.str(a, 1))));
    reg(m, "lower", 1, a -> StringValue.of(Args.str(a, 0).toLowerCase(Locale.ROOT)));
    reg(m, "upper", 1, a -> StringValue.of(Args.str(a, 0).toUpperCase(Locale.ROOT)));
    reg(
        m,
        "indexof",
        2,
        a -> {
          String s = Args.str(a, 0);
          String sub = Args.str(a, 1);
          int i = s.indexOf(sub);
          return NumberValue.of(i < 0 ? -1 : s.codePointCount(0, i));
        });
    reg(
        m,
        "indexof_n",
        2,
        a -> {
          String s = Args.str(a, 0);
          String sub = Args.str(a, 1);
          List<Value> out = new ArrayList<>();
          int i = s.indexOf(sub);
          while (i >= 0) {
            out.add(NumberValue.of(s.codePointCount(0, i)));
            i = s.indexOf(sub, i + 1);
          }
          return ArrayValue.of(out);
        });
    reg(
        m,
        "substring",
        3,
        a -> {
          String s = Args.str(a, 0);
          int start = Args.integer(a, 1);
          int len = Args.integer(a, 2);
          if (start < 0) {
            throw BuiltinException.error("negative offset");
          }
          int[] cps = s.codePoints().toArray();
          if (start >= cps.length) {
            return StringValue.EMPTY;
          }
          int end = len < 0 || start + len > cps.length ? cps.length : start + len;
          return StringValue.of(new String(cps, start, end - start));
        });
    reg(
        m,
        "replace",
        3,
        a -> StringValue.of(Args.str(a, 0).replace(Args.str(a, 1), Args.str(a, 2))));
    reg(
        m,
        "strings.replace_n",
        2,
        a -> {
          ObjectValue patterns = Args.obj(a, 0);
          List<String> olds = new ArrayList<>();
          List<String> news = new ArrayList<>();
          for (Value k : patterns.sortedKeys()) {
            if (!(k instanceof StringValue ks)) {
              throw BuiltinException.type("operand 1 non-string key found in pattern object");
            }
            if (!(patterns.get(k) instanceof StringValue vs)) {
              throw BuiltinException.type("operand 1 non-string value found in pattern object");
            }
            olds.add(ks.value());
            news.add(vs.value());
          }
          return StringValue.of(replaceAll(Args.str(a, 1), olds, news));
        });
    reg(
        m,
        "split",
        2,
        a -> {
          String s = Args.str(a, 0);
          String d = Args.str(a, 1);
          List<Value> out = new ArrayList<>();
          if (d.isEmpty()) {
            s.codePoints()
                .forEach(cp -> out.add(StringValue.of(new String(Character.toChars(cp)))));
            return ArrayValue.of(out);
          }
          int from = 0;
          int i;
          while ((i = s.indexOf(d, from)) >= 0) {
            out.add(StringValue.of(s.substring(from, i)));
            from = i + d.length();
          }
          out.add(StringValue.of(s.substring(from)));
          return ArrayValue.of(out);
        });
    reg(
        m,
        "strings.split_n",
        3,
        a -> {
          List<Value> parts =
              ((ArrayValue) m.get("split").fn().apply(new Value[] {a[0], a[1]})).items();
          int n = Args.integer(a, 2);
          if (n >= 0) {
            return ArrayValue.of(parts.subList(0, Math.min(n, parts.size())));
          }
          return ArrayValue.of(parts.subList(Math.max(0, parts.size() + n), parts.size()));
        });
    reg(
        m,
        "trim",
        2,
        a -> StringValue.of(trimLeft(trimRight(Args.str(a, 0), Args.str(a, 1)), Args.str(a, 1))));
    reg(m, "trim_left", 2, a -> StringValue.of(trimLeft(Args.str(a, 0), Args.str(a, 1))));
    reg(m, "trim_right", 2, a -> StringValue.of(trimRight(Args.str(a, 0), Args.str(a, 1))));
    reg(
        m,
        "trim_prefix",
        2,
        a -> {
          String s = Args.str(a, 0);
          String p = Args.str(a, 1);
          return StringValue.of(s.startsWith(p) ? s.substring(p.length()) : s);
        });
    reg(
        m,
        "trim_suffix",
        2,
        a -> {
          String s = Args.str(a, 0);
          String p = Args.str(a, 1);
          return StringValue.of(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
        });
    reg(m, "trim_space", 1, a -> StringValue.of(Args.str(a, 0).strip()));
    reg(
        m,
        "strings.reverse",
        1,
        a -> StringValue.of(new StringBuilder(Args.str(a, 0)).reverse().toString()));
    reg(
        m,
        "strings.count",
        2,
        a -> {
          String s = Args.str(a, 0);
          String sub = Args.str(a, 1);
          if (sub.isEmpty()) {
            return NumberValue.of(s.codePointCount(0, s.length()) + 1);
          }
          int c = 0;
          int i = s.indexOf(sub);
          while (i >= 0) {
            c++;
            i = s.indexOf(sub, i + sub.length());
          }
          return NumberValue.of(c);
        });
    reg(m, "strings.any_prefix_match", 2, a -> anyMatch(a, true));
    reg(m, "strings.any_suffix_match", 2, a -> anyMatch(a, false));
    reg(
        m,
        "format_int",
        2,
        a -> {
          NumberValue n = Args.num(a, 0);
          int base = Args.integer(a, 1);
          if (base != 2 && base != 8 && base != 10 && base != 16) {
            throw BuiltinException.type("operand 2 must be one of {2, 8, 10, 16}");
          }
          BigInteger bi = n.decimal().setScale(0, java.math.RoundingMode.DOWN).toBigInteger();
          return StringValue.of(bi.toString(base));
        });
    reg(
        m,
        "sprintf",
        2,
        a -> {
          String f = Args.str(a, 0);
          if (!(a[1] instanceof ArrayValue arr)) {
            throw BuiltinException.type(2, "array", a[1]);
          }
          return StringValue.of(GoFormat.sprintf(f, arr.items()));
        });
  }

  private static Value anyMatch(Value[] a, boolean prefix) {
    List<String> xs = stringsOf(a, 0);
    List<String> ps = stringsOf(a, 1);
    for (String x : xs) {
      for (String p : ps) {
        if (prefix ? x.startsWith(p) : x.endsWith(p)) {
          return BooleanValue.TRUE;
        }
      }
    }
    return BooleanValue.FALSE;
  }

  private static List<String> stringsOf(Value[] a, int i) {
    if (a[i] instanceof StringValue s) {
      return List.of(s.value());
    }
    if (!(a[i] instanceof ArrayValue) && !(a[i] instanceof SetValue)) {
      throw BuiltinException.type(i + 1, "one of {string, set, array}", a[i]);
    }
    List<String> out = new ArrayList<>();
    for (Value v : Args.elems(a, i, "one of {string, set, array}")) {
      if (!(v instanceof StringValue s)) {
        throw BuiltinException.type(
            "operand "
                + (i + 1)
                + " must be "
                + a[i].typeName()
                + " of strings but got "
                + a[i].typeName()
                + " containing "
                + v.typeName());
      }
      out.add(s.value());
    }
    return out;
  }

  private static String trimLeft(String s, String cut) {
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (cut.indexOf(cp) < 0) {
        break;
      }
      i += Character.charCount(cp);
    }
    return s.substring(i);
  }

  private static String trimRight(String s, String cut) {
    int i = s.length();
    while (i > 0) {
      int cp = s.codePointBefore(i);
      if (cut.indexOf(cp) < 0) {
        break;
      }
      i -= Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  /**
   * Replaces like Go's {@code strings.NewReplacer(old1, new1, ...).Replace(s)}: one left-to-right
   * pass without overlaps; at each position the first matching old string (in argument order) wins;
   * an empty old string matches at every position where no other one does.
   */
  static String replaceAll(String s, List<String> olds, List<String> news) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i <= s.length()) {
      int hit = -1;
      for (int k = 0; k < olds.size() && hit < 0; k++) {
        if (s.startsWith(olds.get(k), i)) {
          hit = k;
        }
      }
      if (hit >= 0) {
        out.append(news.get(hit));
        if (!olds.get(hit).isEmpty()) {
          i += olds.get(hit).length();
          continue;
        }
      }
      if (i == s.length()) {
        break;
      }
      int cp = s.codePointAt(i);
      out.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    return out.toString();
  }
}
