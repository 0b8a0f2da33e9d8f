package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.SetValue;
import io.trustee.rego.Value;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Comparison, arithmetic, set and membership operators. */
final class OperatorBuiltins {
  private OperatorBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(m, "equal", 2, a -> BooleanValue.of(a[0].equals(a[1])));
    reg(m, "neq", 2, a -> BooleanValue.of(!a[0].equals(a[1])));
    reg(m, "lt", 2, a -> BooleanValue.of(a[0].compareTo(a[1]) < 0));
    reg(m, "lte", 2, a -> BooleanValue.of(a[0].compareTo(a[1]) <= 0));
    reg(m, "gt", 2, a -> BooleanValue.of(a[0].compareTo(a[1]) > 0));
    reg(m, "gte", 2, a -> BooleanValue.of(a[0].compareTo(a[1]) >= 0));
    reg(m, "plus", 2, a -> Args.num(a, 0).add(Args.num(a, 1)));
    reg(m, "mul", 2, a -> Args.num(a, 0).multiply(Args.num(a, 1)));
    reg(m, "minus", 2, OperatorBuiltins::minus);
    reg(
        m,
        "div",
        2,
        a -> {
          NumberValue x = Args.num(a, 0);
          NumberValue y = Args.num(a, 1);
          if (y.signum() == 0) {
            throw BuiltinException.error("divide by zero");
          }
          return x.divide(y);
        });
    reg(
        m,
        "rem",
        2,
        a -> {
          NumberValue x = Args.num(a, 0);
          NumberValue y = Args.num(a, 1);
          if (!x.isInteger() || !y.isInteger()) {
            throw BuiltinException.error("modulo on floating-point number");
          }
          if (y.signum() == 0) {
            throw BuiltinException.error("modulo by zero");
          }
          if (x.isLong() && y.isLong()) {
            return NumberValue.of(x.longValue() % y.longValue());
          }
          return NumberValue.of(
              new BigDecimal(x.decimal().toBigInteger().remainder(y.decimal().toBigInteger())));
        });
    reg(
        m,
        "and",
        2,
        a -> {
          SetValue x = Args.set(a, 0);
          SetValue y = Args.set(a, 1);
          Set<Value> out = new LinkedHashSet<>();
          for (Value v : x.asSet()) {
            if (y.contains(v)) {
              out.add(v);
            }
          }
          return SetValue.of(out);
        });
    reg(
        m,
        "or",
        2,
        a -> {
          Set<Value> out = new LinkedHashSet<>(Args.set(a, 0).asSet());
          out.addAll(Args.set(a, 1).asSet());
          return SetValue.of(out);
        });
    reg(m, "internal.member_2", 2, a -> BooleanValue.of(member(a[0], a[1])));
    reg(
        m,
        "internal.member_3",
        3,
        a -> {
          Value v = lookup(a[2], a[0]);
          return BooleanValue.of(v != null && v.equals(a[1]));
        });
  }

  private static Value lookup(Value coll, Value key) {
    if (coll instanceof SetValue s) {
      return s.contains(key) ? key : null;
    }
    if (coll instanceof ObjectValue o) {
      return o.get(key);
    }
    if (coll instanceof ArrayValue arr && key instanceof NumberValue n && n.isInteger()) {
      Integer i = n.intValueExact();
      return i != null && i >= 0 && i < arr.size() ? arr.get(i) : null;
    }
    return null;
  }

  static boolean member(Value x, Value coll) {
    if (coll instanceof SetValue s) {
      return s.contains(x);
    }
    if (coll instanceof ArrayValue arr) {
      for (int i = 0; i < arr.size(); i++) {
        if (arr.get(i).equals(x)) {
          return true;
        }
      }
      return false;
    }
    if (coll instanceof ObjectValue o) {
      return o.asMap().containsValue(x);
    }
    return false;
  }

  private static Value minus(Value[] a) {
    if (a[0] instanceof NumberValue x && a[1] instanceof NumberValue y) {
      return x.subtract(y);
    }
    if (a[0] instanceof SetValue x && a[1] instanceof SetValue y) {
      Set<Value> out = new LinkedHashSet<>();
      for (Value v : x.asSet()) {
        if (!y.contains(v)) {
          out.add(v);
        }
      }
      return SetValue.of(out);
    }
    if (!(a[0] instanceof NumberValue) && !(a[0] instanceof SetValue)) {
      throw BuiltinException.type(1, "one of {number, set}", a[0]);
    }
    if (a[0] instanceof NumberValue) {
      throw BuiltinException.type(2, "number", a[1]);
    }
    throw BuiltinException.type(2, "set", a[1]);
  }
}
