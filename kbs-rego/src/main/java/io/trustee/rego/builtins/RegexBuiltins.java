package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code regex.*} with RE2J (Go RE2 syntax and semantics), and {@code glob.*}. */
final class RegexBuiltins {
  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private RegexBuiltins() {}

  static Pattern compile(String re) {
    Pattern p = CACHE.get(re);
    if (p == null) {
      try {
        p = Pattern.compile(re);
      } catch (PatternSyntaxException e) {
        throw BuiltinException.error("error parsing regexp: " + e.getMessage());
      }
      if (CACHE.size() < 1000) {
        CACHE.put(re, p);
      }
    }
    return p;
  }

  static void register(Map<String, Builtins.Entry> m) {
    Builtin match = a -> BooleanValue.of(compile(Args.str(a, 0)).matcher(Args.str(a, 1)).find());
    reg(m, "regex.match", 2, match);
    reg(
        m,
        "regex.globs_match",
        2,
        a ->
            io.trustee.rego.BooleanValue.of(
                GlobIntersection.nonEmpty(Args.str(a, 0), Args.str(a, 1))));
    reg(m, "re_match", 2, match);
    reg(
        m,
        "regex.is_valid",
        1,
        a -> {
          if (!(a[0] instanceof StringValue s)) {
            return BooleanValue.FALSE;
          }
          try {
            Pattern.compile(s.value());
            return BooleanValue.TRUE;
          } catch (PatternSyntaxException e) {
            return BooleanValue.FALSE;
          }
        });
    reg(
        m,
        "regex.split",
        2,
        a -> {
          Pattern p = compile(Args.str(a, 0));
          String s = Args.str(a, 1);
          List<Value> out = new ArrayList<>();
          Matcher mt = p.matcher(s);
          int last = 0;
          while (mt.find()) {
            if (mt.end() == 0 && mt.start() == 0 && s.isEmpty()) {
              break;
            }
            out.add(StringValue.of(s.substring(last, mt.start())));
            last = mt.end();
          }
          out.add(StringValue.of(s.substring(last)));
          return ArrayValue.of(out);
        });
    reg(
        m,
        "regex.find_n",
        3,
        a -> {
          Matcher mt = compile(Args.str(a, 0)).matcher(Args.str(a, 1));
          int n = Args.integer(a, 2);
          List<Value> out = new ArrayList<>();
          while ((n < 0 || out.size() < n) && mt.find()) {
            out.add(StringValue.of(mt.group()));
          }
          return ArrayValue.of(out);
        });
    reg(
        m,
        "regex.find_all_string_submatch_n",
        3,
        a -> {
          Matcher mt = compile(Args.str(a, 0)).matcher(Args.str(a, 1));
          int n = Args.integer(a, 2);
          List<Value> out = new ArrayList<>();
          while ((n < 0 || out.size() < n) && mt.find()) {
            List<Value> groups = new ArrayList<>();
            for (int g = 0; g <= mt.groupCount(); g++) {
              String s = mt.group(g);
              groups.add(StringValue.of(s == null ? "" : s));
            }
            out.add(ArrayValue.of(groups));
          }
          return ArrayValue.of(out);
        });
    reg(
        m,
        "regex.replace",
        3,
        a -> {
          Matcher mt = compile(Args.str(a, 1)).matcher(Args.str(a, 0));
          return StringValue.of(mt.replaceAll(goReplacement(Args.str(a, 2))));
        });
    reg(
        m,
        "regex.template_match",
        4,
        a -> {
          String tpl = Args.str(a, 0);
          String s = Args.str(a, 1);
          String open = Args.str(a, 2);
          String close = Args.str(a, 3);
          StringBuilder re = new StringBuilder("^");
          int i = 0;
          while (i < tpl.length()) {
            int o = tpl.indexOf(open, i);
            if (o < 0) {
              re.append(Pattern.quote(tpl.substring(i)));
              break;
            }
            re.append(Pattern.quote(tpl.substring(i, o)));
            int c = tpl.indexOf(close, o + open.length());
            if (c < 0) {
              throw BuiltinException.error("unbalanced template delimiters");
            }
            re.append("(?:").append(tpl, o + open.length(), c).append(")");
            i = c + close.length();
          }
          re.append('$');
          return BooleanValue.of(compile(re.toString()).matcher(s).find());
        });
    GlobMatcher.register(m);
  }

  /** Converts Go's {@code $1}/{@code ${name}} replacement syntax to RE2J's. */
  private static String goReplacement(String r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      if (c == '\\') {
        sb.append("\\\\");
      } else if (c == '$' && i + 1 < r.length() && r.charAt(i + 1) == '$') {
        sb.append("\\$");
        i++;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
