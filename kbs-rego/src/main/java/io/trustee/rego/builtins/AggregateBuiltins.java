package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NullValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Aggregates, arrays, sets, types, numbers and bits. */
final class AggregateBuiltins {
  private AggregateBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "count",
        1,
        a -> {
          Value v = a[0];
          if (v instanceof ArrayValue x) {
            return NumberValue.of(x.size());
          }
          if (v instanceof ObjectValue x) {
            return NumberValue.of(x.size());
          }
          if (v instanceof SetValue x) {
            return NumberValue.of(x.size());
          }
          if (v instanceof StringValue x) {
            return NumberValue.of(x.value().codePointCount(0, x.value().length()));
          }
          throw BuiltinException.type(1, "one of {array, object, set, string}", v);
        });
    reg(
        m,
        "sum",
        1,
        a -> {
          NumberValue s = NumberValue.ZERO;
          for (Value v : Args.elems(a, 0, "one of {array, set}")) {
            if (!(v instanceof NumberValue n)) {
              throw BuiltinException.type(
                  "operand 1 must be array of numbers but got array"
                      + " containing "
                      + v.typeName());
            }
            s = s.add(n);
          }
          return s;
        });
    reg(
        m,
        "product",
        1,
        a -> {
          NumberValue s = NumberValue.of(1);
          for (Value v : Args.elems(a, 0, "one of {array, set}")) {
            if (!(v instanceof NumberValue n)) {
              throw BuiltinException.type(
                  "operand 1 must be array of numbers but got array"
                      + " containing "
                      + v.typeName());
            }
            s = s.multiply(n);
          }
          return s;
        });
    reg(
        m,
        "max",
        1,
        a -> {
          Value best = null;
          for (Value v : Args.elems(a, 0, "one of {array, set}")) {
            if (best == null || v.compareTo(best) > 0) {
              best = v;
            }
          }
          return best;
        });
    reg(
        m,
        "min",
        1,
        a -> {
          Value best = null;
          for (Value v : Args.elems(a, 0, "one of {array, set}")) {
            if (best == null || v.compareTo(best) < 0) {
              best = v;
            }
          }
          return best;
        });
    reg(
        m,
        "sort",
        1,
        a -> {
          List<Value> l = new ArrayList<>(Args.elems(a, 0, "one of {array, set}"));
          l.sort(null);
          return ArrayValue.of(l);
        });
    reg(
        m,
        "all",
        1,
        a -> {
          for (Value v : Args.elems(a, 0, "one of {array, set}")) {
            if (!v.equals(BooleanValue.TRUE)) {
              return BooleanValue.FALSE;
            }
          }
          return BooleanValue.TRUE;
        });
    reg(
        m,
        "any",
        1,
        a -> {
          for (Value v : Args.elems(a, 0, "one of {array, set}")) {
            if (v.equals(BooleanValue.TRUE)) {
              return BooleanValue.TRUE;
            }
          }
          return BooleanValue.FALSE;
        });
    arrays(m);
    sets(m);
    deprecated(m);
    types(m);
    numbers(m);
  }

  private static void arrays(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "array.concat",
        2,
        a -> {
          List<Value> l = new ArrayList<>(Args.arr(a, 0).items());
          l.addAll(Args.arr(a, 1).items());
          return ArrayValue.of(l);
        });
    reg(
        m,
        "array.slice",
        3,
        a -> {
          ArrayValue arr = Args.arr(a, 0);
          int start = Math.max(0, Args.integer(a, 1));
          int stop = Math.min(arr.size(), Args.integer(a, 2));
          if (start >= stop) {
            return ArrayValue.EMPTY;
          }
          return ArrayValue.of(arr.items().subList(start, stop));
        });
    reg(
        m,
        "array.reverse",
        1,
        a -> {
          List<Value> l = new ArrayList<>(Args.arr(a, 0).items());
          java.util.Collections.reverse(l);
          return ArrayValue.of(l);
        });
    reg(
        m,
        "array.flatten",
        1,
        a -> {
          List<Value> l = new ArrayList<>();
          for (Value v : Args.arr(a, 0).items()) {
            if (v instanceof ArrayValue inner) {
              l.addAll(inner.items());
            } else {
              l.add(v);
            }
          }
          return ArrayValue.of(l);
        });
  }

  private static void sets(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "intersection",
        1,
        a -> {
          SetValue s = Args.set(a, 0);
          Set<Value> out = null;
          for (Value v : s.asSet()) {
            if (!(v instanceof SetValue inner)) {
              throw BuiltinException.type(
                  "operand 1 must be set of sets but got set containing " + v.typeName());
            }
            if (out == null) {
              out = new LinkedHashSet<>(inner.asSet());
            } else {
              out.retainAll(inner.asSet());
            }
          }
          return out == null ? SetValue.EMPTY : SetValue.of(out);
        });
    reg(
        m,
        "union",
        1,
        a -> {
          Set<Value> out = new LinkedHashSet<>();
          for (Value v : Args.set(a, 0).asSet()) {
            if (!(v instanceof SetValue inner)) {
              throw BuiltinException.type(
                  "operand 1 must be set of sets but got set containing " + v.typeName());
            }
            out.addAll(inner.asSet());
          }
          return SetValue.of(out);
        });
  }

  /** Builtins that Rego v0 still offers (kept for v0-compatible modules). */
  private static void deprecated(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "set_diff",
        2,
        a -> {
          Set<Value> out = new LinkedHashSet<>(Args.set(a, 0).asSet());
          out.removeAll(Args.set(a, 1).asSet());
          return SetValue.of(out);
        });
    reg(
        m,
        "cast_array",
        1,
        a -> {
          if (a[0] instanceof ArrayValue) {
            return a[0];
          }
          if (a[0] instanceof SetValue s) {
            return ArrayValue.of(s.sorted());
          }
          throw BuiltinException.type(1, "one of {array, set}", a[0]);
        });
    reg(m, "cast_set", 1, a -> SetValue.of(Args.elems(a, 0, "one of {array, set}")));
    reg(m, "cast_string", 1, a -> StringValue.of(Args.str(a, 0)));
    reg(m, "cast_boolean", 1, a -> BooleanValue.of(Args.bool(a, 0)));
    reg(
        m,
        "cast_null",
        1,
        a -> {
          if (a[0] instanceof NullValue) {
            return a[0];
          }
          throw BuiltinException.type(1, "null", a[0]);
        });
    reg(m, "cast_object", 1, a -> Args.obj(a, 0));
  }

  private static void types(Map<String, Builtins.Entry> m) {
    reg(m, "is_number", 1, a -> BooleanValue.of(a[0] instanceof NumberValue));
    reg(m, "is_string", 1, a -> BooleanValue.of(a[0] instanceof StringValue));
    reg(m, "is_boolean", 1, a -> BooleanValue.of(a[0] instanceof BooleanValue));
    reg(m, "is_array", 1, a -> BooleanValue.of(a[0] instanceof ArrayValue));
    reg(m, "is_set", 1, a -> BooleanValue.of(a[0] instanceof SetValue));
    reg(m, "is_object", 1, a -> BooleanValue.of(a[0] instanceof ObjectValue));
    reg(m, "is_null", 1, a -> BooleanValue.of(a[0] instanceof NullValue));
    reg(m, "type_name", 1, a -> StringValue.of(a[0].typeName()));
  }

  private static void numbers(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "abs",
        1,
        a -> {
          NumberValue n = Args.num(a, 0);
          return n.signum() < 0 ? n.negate() : n;
        });
    reg(
        m,
        "ceil",
        1,
        a -> NumberValue.of(Args.num(a, 0).decimal().setScale(0, RoundingMode.CEILING)));
    reg(
        m,
        "floor",
        1,
        a -> NumberValue.of(Args.num(a, 0).decimal().setScale(0, RoundingMode.FLOOR)));
    reg(
        m,
        "round",
        1,
        a -> NumberValue.of(Args.num(a, 0).decimal().setScale(0, RoundingMode.HALF_UP)));
    reg(m, "numbers.range", 2, a -> range(bigInt(a, 0), bigInt(a, 1), BigInteger.ONE));
    reg(
        m,
        "numbers.range_step",
        3,
        a -> {
          BigInteger from = bigInt(a, 0);
          BigInteger to = bigInt(a, 1);
          BigInteger step = bigInt(a, 2);
          if (step.signum() <= 0) {
            throw BuiltinException.error("step must be a positive integer");
          }
          return range(from, to, step);
        });
    reg(
        m,
        "to_number",
        1,
        a -> {
          Value v = a[0];
          if (v instanceof NullValue) {
            return NumberValue.ZERO;
          }
          if (v instanceof BooleanValue b) {
            return NumberValue.of(b.value() ? 1 : 0);
          }
          if (v instanceof NumberValue) {
            return v;
          }
          if (v instanceof StringValue s) {
            try {
              String t = s.value();
              String bare = t.startsWith("-") ? t.substring(1) : t;
              if (bare.equalsIgnoreCase("nan")
                  || bare.equalsIgnoreCase("inf")
                  || bare.equalsIgnoreCase("infinity")) {
                throw BuiltinException.type(1, "a finite number", v);
              }
              if (t.startsWith("+")
                  || t.isEmpty()
                  || t.contains("_")
                  || t.equalsIgnoreCase("inf")
                  || t.toLowerCase().contains("nan")) {
                throw new NumberFormatException();
              }
              return NumberValue.of(new BigDecimal(t));
            } catch (NumberFormatException e) {
              throw BuiltinException.error("strconv.ParseFloat: parsing " + s + ": invalid syntax");
            }
          }
          throw BuiltinException.type(1, "one of {null, boolean, number, string}", v);
        });
    reg(m, "bits.or", 2, a -> NumberValue.of(new BigDecimal(bigInt(a, 0).or(bigInt(a, 1)))));
    reg(m, "bits.and", 2, a -> NumberValue.of(new BigDecimal(bigInt(a, 0).and(bigInt(a, 1)))));
    reg(m, "bits.xor", 2, a -> NumberValue.of(new BigDecimal(bigInt(a, 0).xor(bigInt(a, 1)))));
    reg(m, "bits.negate", 1, a -> NumberValue.of(new BigDecimal(bigInt(a, 0).not())));
    reg(m, "bits.lsh", 2, a -> NumberValue.of(new BigDecimal(bigInt(a, 0).shiftLeft(shift(a)))));
    reg(m, "bits.rsh", 2, a -> NumberValue.of(new BigDecimal(bigInt(a, 0).shiftRight(shift(a)))));
  }

  /** The shift count of {@code bits.lsh/rsh}: an unsigned integer (operand 2). */
  private static int shift(Value[] a) {
    BigInteger n = bigInt(a, 1);
    if (n.signum() < 0) {
      throw BuiltinException.type(
          "operand 2 must be an unsigned integer number but got a negative integer");
    }
    if (n.bitLength() > 31) {
      throw BuiltinException.error("shift count too large");
    }
    return n.intValueExact();
  }

  private static BigInteger bigInt(Value[] a, int i) {
    NumberValue n = Args.num(a, i);
    if (!n.isInteger()) {
      throw BuiltinException.type(
          "operand " + (i + 1) + " must be integer number but got floating-point number");
    }
    return n.decimal().toBigInteger();
  }

  private static Value range(BigInteger from, BigInteger to, BigInteger step) {
    List<Value> out = new ArrayList<>();
    if (from.compareTo(to) <= 0) {
      for (BigInteger i = from; i.compareTo(to) <= 0; i = i.add(step)) {
        out.add(NumberValue.of(new BigDecimal(i)));
      }
    } else {
      for (BigInteger i = from; i.compareTo(to) >= 0; i = i.subtract(step)) {
        out.add(NumberValue.of(new BigDecimal(i)));
      }
    }
    return ArrayValue.of(out);
  }
}
