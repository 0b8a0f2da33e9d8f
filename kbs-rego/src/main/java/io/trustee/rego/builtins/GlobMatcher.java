package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import com.google.re2j.Pattern;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NullValue;
import io.trustee.rego.StringValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code glob.match} and {@code glob.quote_meta}, translating gobwas/glob syntax ({@code *}, {@code
 * **}, {@code ?}, {@code [..]}, {@code {a,b}}) to an RE2 expression. Thread-safe.
 */
final class GlobMatcher {
  private GlobMatcher() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "glob.match",
        3,
        a -> {
          String pattern = Args.str(a, 0);
          List<String> delims = new ArrayList<>();
          if (a[1] instanceof NullValue) {
            delims = List.of();
          } else {
            delims = Args.strings(a, 1, "array");
            if (delims.isEmpty()) {
              delims = List.of(".");
            }
          }
          String re = "^" + toRegex(pattern, delims) + "$";
          return BooleanValue.of(RegexBuiltins.compile(re).matcher(Args.str(a, 2)).find());
        });
    reg(
        m,
        "glob.quote_meta",
        1,
        a -> {
          StringBuilder sb = new StringBuilder();
          for (char c : Args.str(a, 0).toCharArray()) {
            if ("*?\\[]{}".indexOf(c) >= 0) {
              sb.append('\\');
            }
            sb.append(c);
          }
          return StringValue.of(sb.toString());
        });
  }

  private static String toRegex(String p, List<String> delims) {
    StringBuilder d = new StringBuilder();
    for (String s : delims) {
      d.append(Pattern.quote(s).replace("\\Q", "").replace("\\E", ""));
    }
    String notDelim = delims.isEmpty() ? "." : "[^" + escapeClass(String.join("", delims)) + "]";
    StringBuilder sb = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      switch (c) {
        case '*':
          if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
            sb.append(".*");
            i++;
          } else {
            sb.append(notDelim).append('*');
          }
          break;
        case '?':
          sb.append(notDelim);
          break;
        case '[':
          {
            int e = p.indexOf(']', i + 1);
            if (e < 0) {
              throw BuiltinException.error("unexpected end of input");
            }
            String cls = p.substring(i + 1, e);
            if (cls.startsWith("!")) {
              cls = "^" + cls.substring(1);
            }
            sb.append('[').append(cls).append(']');
            i = e;
            break;
          }
        case '{':
          depth++;
          sb.append("(?:");
          break;
        case '}':
          depth--;
          sb.append(')');
          break;
        case ',':
          sb.append(depth > 0 ? "|" : ",");
          break;
        case '\\':
          if (i + 1 < p.length()) {
            i++;
            sb.append(Pattern.quote(String.valueOf(p.charAt(i))));
          }
          break;
        default:
          sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }

  private static String escapeClass(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("\\]^-[".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
