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
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code net.cidr_*}: CIDR arithmetic on IPv4 and IPv6 literals (never resolves host names).
 * Stateless and thread-safe.
 */
final class NetBuiltins {
  private NetBuiltins() {}

  /** A network: address bytes, prefix length, and whether it came from a plain IP. */
  private record Net(byte[] addr, int prefix) {
    BigInteger first() {
      BigInteger a = new BigInteger(1, addr);
      int bits = addr.length * 8;
      BigInteger mask =
          BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
      return a.and(mask).and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    }

    BigInteger last() {
      int bits = addr.length * 8;
      return first().or(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
    }
  }

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "net.cidr_contains",
        2,
        a -> {
          Net outer = cidr(Args.str(a, 0));
          Net inner = cidrOrIp(Args.str(a, 1));
          return BooleanValue.of(contains(outer, inner));
        });
    reg(
        m,
        "net.cidr_overlap",
        2,
        a -> BooleanValue.of(contains(cidr(Args.str(a, 0)), cidrOrIp(Args.str(a, 1)))));
    reg(
        m,
        "net.cidr_intersects",
        2,
        a -> {
          Net x = cidr(Args.str(a, 0));
          Net y = cidr(Args.str(a, 1));
          return BooleanValue.of(
              x.addr.length == y.addr.length
                  && x.first().compareTo(y.last()) <= 0
                  && y.first().compareTo(x.last()) <= 0);
        });
    reg(
        m,
        "net.cidr_is_valid",
        1,
        a -> {
          if (!(a[0] instanceof StringValue s)) {
            return BooleanValue.FALSE;
          }
          try {
            cidr(s.value());
            return BooleanValue.TRUE;
          } catch (BuiltinException e) {
            return BooleanValue.FALSE;
          }
        });
    reg(
        m,
        "net.cidr_expand",
        1,
        a -> {
          Net n = cidr(Args.str(a, 0));
          BigInteger first = n.first();
          BigInteger last = n.last();
          if (last.subtract(first).compareTo(BigInteger.valueOf(65536)) > 0) {
            throw BuiltinException.error("cidr too large to expand");
          }
          List<Value> out = new ArrayList<>();
          for (BigInteger i = first; i.compareTo(last) <= 0; i = i.add(BigInteger.ONE)) {
            out.add(StringValue.of(format(i, n.addr.length)));
          }
          return SetValue.of(out);
        });
    reg(
        m,
        "net.cidr_merge",
        1,
        a -> {
          List<BigInteger[]> v4 = new ArrayList<>();
          List<BigInteger[]> v6 = new ArrayList<>();
          for (Value v : Args.elems(a, 0, "one of {array, set}")) {
            if (!(v instanceof StringValue s)) {
              throw BuiltinException.type("operand 1 must be array or set of strings");
            }
            Net n = mergeOperand(s.value());
            (n.addr.length == 4 ? v4 : v6).add(new BigInteger[] {n.first(), n.last()});
          }
          Set<Value> out = new LinkedHashSet<>();
          merge(v4, 4, out);
          merge(v6, 16, out);
          return SetValue.of(out);
        });
    reg(
        m,
        "net.cidr_contains_matches",
        2,
        a -> {
          List<Value[]> outer = entries(a[0], 1);
          List<Value[]> inner = entries(a[1], 2);
          Set<Value> out = new LinkedHashSet<>();
          for (Value[] o : outer) {
            Net on = cidr(((StringValue) o[1]).value());
            for (Value[] i : inner) {
              if (contains(on, cidrOrIp(((StringValue) i[1]).value()))) {
                out.add(ArrayValue.of(o[0], i[0]));
              }
            }
          }
          return SetValue.of(out);
        });
  }

  private static void merge(List<BigInteger[]> ranges, int len, Set<Value> out) {
    ranges.sort((x, y) -> x[0].compareTo(y[0]));
    List<BigInteger[]> merged = new ArrayList<>();
    for (BigInteger[] r : ranges) {
      BigInteger[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && r[0].compareTo(last[1].add(BigInteger.ONE)) <= 0) {
        if (r[1].compareTo(last[1]) > 0) {
          last[1] = r[1];
        }
      } else {
        merged.add(new BigInteger[] {r[0], r[1]});
      }
    }
    int bits = len * 8;
    for (BigInteger[] r : merged) {
      BigInteger first = r[0];
      while (first.compareTo(r[1]) <= 0) {
        int size = first.signum() == 0 ? bits : first.getLowestSetBit();
        size = Math.min(size, bits);
        while (size > 0
            && first.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(r[1])
                > 0) {
          size--;
        }
        out.add(StringValue.of(format(first, len) + "/" + (bits - size)));
        first = first.add(BigInteger.ONE.shiftLeft(size));
      }
    }
  }

  private static List<Value[]> entries(Value v, int operand) {
    List<Value[]> out = new ArrayList<>();
    if (v instanceof StringValue) {
      out.add(new Value[] {v, v});
    } else if (v instanceof ArrayValue arr) {
      for (int i = 0; i < arr.size(); i++) {
        out.add(new Value[] {NumberValue.of(i), first(arr.get(i), operand)});
      }
    } else if (v instanceof SetValue s) {
      for (Value e : s.sorted()) {
        out.add(new Value[] {e, first(e, operand)});
      }
    } else if (v instanceof ObjectValue o) {
      for (Value k : o.sortedKeys()) {
        out.add(new Value[] {k, first(o.get(k), operand)});
      }
    } else {
      throw BuiltinException.type(operand, "one of {string, array, set, object}", v);
    }
    return out;
  }

  private static Value first(Value v, int operand) {
    if (v instanceof StringValue) {
      return v;
    }
    if (v instanceof ArrayValue arr && arr.size() > 0 && arr.get(0) instanceof StringValue) {
      return arr.get(0);
    }
    throw BuiltinException.type(
        "operand "
            + operand
            + " must contain strings or arrays whose"
            + " first element is a string");
  }

  private static boolean contains(Net outer, Net inner) {
    return outer.addr.length == inner.addr.length
        && inner.prefix >= outer.prefix
        && outer.first().compareTo(inner.first()) <= 0
        && outer.last().compareTo(inner.last()) >= 0;
  }

  private static Net cidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw BuiltinException.error("invalid CIDR address: " + s);
    }
    byte[] addr = ip(s.substring(0, slash));
    int prefix;
    try {
      prefix = Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw BuiltinException.error("invalid CIDR address: " + s);
    }
    if (addr == null || prefix < 0 || prefix > addr.length * 8) {
      throw BuiltinException.error("invalid CIDR address: " + s);
    }
    return new Net(addr, prefix);
  }

  /**
   * An operand of {@code net.cidr_merge}: a CIDR, or a bare IPv4 address standing for its classful
   * network (Go's {@code IP.DefaultMask}: class A /8, class B /16, otherwise /24). A bare IPv6
   * address has no default mask and is an error.
   */
  private static Net mergeOperand(String s) {
    if (s.indexOf('/') >= 0) {
      return cidr(s);
    }
    byte[] addr = ip(s);
    if (addr == null) {
      throw BuiltinException.error("invalid IP address: " + s);
    }
    if (addr.length == 16) {
      throw BuiltinException.error("IPv6 invalid: needs prefix length");
    }
    int first = addr[0] & 0xff;
    return new Net(addr, first < 0x80 ? 8 : first < 0xC0 ? 16 : 24);
  }

  private static Net cidrOrIp(String s) {
    if (s.indexOf('/') >= 0) {
      return cidr(s);
    }
    byte[] addr = ip(s);
    if (addr == null) {
      throw BuiltinException.error("invalid IP address: " + s);
    }
    return new Net(addr, addr.length * 8);
  }

  /** Parses an IPv4 dotted quad or an IPv6 literal; null if neither. */
  static byte[] ip(String s) {
    if (s.indexOf(':') < 0) {
      String[] parts = s.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty()
            || parts[i].length() > 3
            || !parts[i].chars().allMatch(Character::isDigit)
            || (parts[i].length() > 1 && parts[i].startsWith("0"))) {
          return null;
        }
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        b[i] = (byte) v;
      }
      return b;
    }
    if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      return null;
    }
    try {
      byte[] b = InetAddress.getByName(s).getAddress();
      if (b.length == 4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(b, 0, v6, 12, 4);
        return v6;
      }
      return b;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String format(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] b = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, b, len - copy, copy);
    if (len == 4) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
