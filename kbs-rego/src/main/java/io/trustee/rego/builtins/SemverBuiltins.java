package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.StringValue;
import java.math.BigInteger;
import java.util.Map;

/** {@code semver.is_valid} and {@code semver.compare} (Semantic Versioning 2.0.0). */
final class SemverBuiltins {
  private static final Pattern SEMVER =
      Pattern.compile(
          "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

  private SemverBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "semver.is_valid",
        1,
        a -> BooleanValue.of(a[0] instanceof StringValue s && SEMVER.matcher(s.value()).matches()));
    reg(
        m,
        "semver.compare",
        2,
        a -> NumberValue.of(compare(parse(Args.str(a, 0), 1), parse(Args.str(a, 1), 2))));
  }

  private static Matcher parse(String v, int operand) {
    Matcher mt = SEMVER.matcher(v);
    if (!mt.matches()) {
      throw BuiltinException.error(
          "operand " + operand + ": string \"" + v + "\" is not a valid SemVer");
    }
    return mt;
  }

  private static int compare(Matcher x, Matcher y) {
    for (int g = 1; g <= 3; g++) {
      int c = new BigInteger(x.group(g)).compareTo(new BigInteger(y.group(g)));
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    String px = x.group(4);
    String py = y.group(4);
    if (px == null || py == null) {
      return px == null ? (py == null ? 0 : 1) : -1;
    }
    String[] ax = px.split("\\.");
    String[] ay = py.split("\\.");
    for (int i = 0; i < Math.min(ax.length, ay.length); i++) {
      boolean nx = ax[i].matches("\\d+");
      boolean ny = ay[i].matches("\\d+");
      int c;
      if (nx && ny) {
        c = new BigInteger(ax[i]).compareTo(new BigInteger(ay[i]));
      } else if (nx || ny) {
        c = nx ? -1 : 1;
      } else {
        c = ax[i].compareTo(ay[i]);
      }
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return Integer.compare(ax.length, ay.length);
  }
}
