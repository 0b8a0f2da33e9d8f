package io.trustee.rego.builtins;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.util.ArrayList;
import java.util.List;

/** Operand checks shared by the builtins; they throw type errors with OPA's wording. */
final class Args {
  private Args() {}

  static NumberValue num(Value[] a, int i) {
    if (a[i] instanceof NumberValue n) {
      return n;
    }
    throw BuiltinException.type(i + 1, "number", a[i]);
  }

  static int integer(Value[] a, int i) {
    NumberValue n = num(a, i);
    Integer v = n.isInteger() ? n.intValueExact() : null;
    if (v == null) {
      throw BuiltinException.type(
          "operand " + (i + 1) + " must be integer number but got floating-point number");
    }
    return v;
  }

  static String str(Value[] a, int i) {
    if (a[i] instanceof StringValue s) {
      return s.value();
    }
    throw BuiltinException.type(i + 1, "string", a[i]);
  }

  static boolean bool(Value[] a, int i) {
    if (a[i] instanceof BooleanValue b) {
      return b.value();
    }
    throw BuiltinException.type(i + 1, "boolean", a[i]);
  }

  static ArrayValue arr(Value[] a, int i) {
    if (a[i] instanceof ArrayValue v) {
      return v;
    }
    throw BuiltinException.type(i + 1, "array", a[i]);
  }

  static ObjectValue obj(Value[] a, int i) {
    if (a[i] instanceof ObjectValue v) {
      return v;
    }
    throw BuiltinException.type(i + 1, "object", a[i]);
  }

  static SetValue set(Value[] a, int i) {
    if (a[i] instanceof SetValue v) {
      return v;
    }
    throw BuiltinException.type(i + 1, "set", a[i]);
  }

  /** Elements of an array or set (set elements in sorted order). */
  static List<Value> elems(Value[] a, int i, String expected) {
    if (a[i] instanceof ArrayValue v) {
      return v.items();
    }
    if (a[i] instanceof SetValue s) {
      return s.sorted();
    }
    throw BuiltinException.type(i + 1, expected, a[i]);
  }

  static List<String> strings(Value[] a, int i, String expected) {
    List<String> out = new ArrayList<>();
    for (Value v : elems(a, i, expected)) {
      if (!(v instanceof StringValue s)) {
        throw BuiltinException.type(i + 1, "array of strings", v);
      }
      out.add(s.value());
    }
    return out;
  }

  static Value str(String s) {
    return StringValue.of(s);
  }

  static Value bool(boolean b) {
    return BooleanValue.of(b);
  }

  static Value num(long l) {
    return NumberValue.of(l);
  }
}
