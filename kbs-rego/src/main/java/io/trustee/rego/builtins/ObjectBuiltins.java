package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code object.*}, {@code json.filter} and {@code json.remove}. */
final class ObjectBuiltins {
  private ObjectBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "object.get",
        3,
        a -> {
          ObjectValue o = Args.obj(a, 0);
          if (a[1] instanceof ArrayValue path) {
            Value cur = o;
            for (Value k : path.items()) {
              cur = child(cur, k);
              if (cur == null) {
                return a[2];
              }
            }
            return cur;
          }
          Value v = o.get(a[1]);
          return v == null ? a[2] : v;
        });
    reg(m, "object.keys", 1, a -> SetValue.of(Args.obj(a, 0).asMap().keySet()));
    reg(
        m,
        "object.remove",
        2,
        a -> {
          ObjectValue o = Args.obj(a, 0);
          Set<Value> keys = keySet(a, 1);
          Map<Value, Value> out = new LinkedHashMap<>();
          o.asMap()
              .forEach(
                  (k, v) -> {
                    if (!keys.contains(k)) {
                      out.put(k, v);
                    }
                  });
          return ObjectValue.of(out);
        });
    reg(
        m,
        "object.filter",
        2,
        a -> {
          ObjectValue o = Args.obj(a, 0);
          Set<Value> keys = keySet(a, 1);
          Map<Value, Value> out = new LinkedHashMap<>();
          o.asMap()
              .forEach(
                  (k, v) -> {
                    if (keys.contains(k)) {
                      out.put(k, v);
                    }
                  });
          return ObjectValue.of(out);
        });
    reg(m, "object.union", 2, a -> union(Args.obj(a, 0), Args.obj(a, 1)));
    reg(
        m,
        "object.union_n",
        1,
        a -> {
          ObjectValue acc = ObjectValue.EMPTY;
          for (Value v : Args.arr(a, 0).items()) {
            if (!(v instanceof ObjectValue o)) {
              throw BuiltinException.type(
                  "operand 1 must be array of objects but got array"
                      + " containing "
                      + v.typeName());
            }
            acc = union(acc, o);
          }
          return acc;
        });
    reg(
        m,
        "object.subset",
        2,
        a -> {
          if (!(a[0] instanceof ObjectValue
              || a[0] instanceof SetValue
              || a[0] instanceof ArrayValue)) {
            throw BuiltinException.type(1, "one of {object, set, array}", a[0]);
          }
          if (!(a[1] instanceof ObjectValue
              || a[1] instanceof SetValue
              || a[1] instanceof ArrayValue)) {
            throw BuiltinException.type(2, "one of {object, set, array}", a[1]);
          }
          if (a[0] instanceof ObjectValue != a[1] instanceof ObjectValue) {
            throw BuiltinException.type(
                "both arguments to object.subset must be of the same type" + " or array and set");
          }
          return BooleanValue.of(subset(a[0], a[1]));
        });
    reg(
        m,
        "json.filter",
        2,
        a -> {
          ObjectValue o = Args.obj(a, 0);
          List<List<Value>> paths = paths(a, 1);
          return filter(o, paths);
        });
    reg(
        m,
        "json.remove",
        2,
        a -> {
          ObjectValue o = Args.obj(a, 0);
          List<List<Value>> paths = paths(a, 1);
          return remove(o, paths);
        });
  }

  private static Value child(Value cur, Value k) {
    if (cur instanceof ObjectValue o) {
      return o.get(k);
    }
    if (cur instanceof ArrayValue arr && k instanceof NumberValue n && n.isInteger()) {
      Integer i = n.intValueExact();
      return i != null && i >= 0 && i < arr.size() ? arr.get(i) : null;
    }
    if (cur instanceof SetValue s) {
      return s.contains(k) ? k : null;
    }
    return null;
  }

  private static Set<Value> keySet(Value[] a, int i) {
    if (a[i] instanceof ObjectValue o) {
      return o.asMap().keySet();
    }
    if (a[i] instanceof ArrayValue || a[i] instanceof SetValue) {
      return new HashSet<>(Args.elems(a, i, ""));
    }
    throw BuiltinException.type(i + 1, "one of {object, set, array}", a[i]);
  }

  static ObjectValue union(ObjectValue x, ObjectValue y) {
    Map<Value, Value> out = new LinkedHashMap<>(x.asMap());
    y.asMap()
        .forEach(
            (k, v) -> {
              Value prev = out.get(k);
              if (prev instanceof ObjectValue po && v instanceof ObjectValue vo) {
                out.put(k, union(po, vo));
              } else {
                out.put(k, v);
              }
            });
    return ObjectValue.of(out);
  }

  static boolean subset(Value sup, Value sub) {
    if (sup instanceof ObjectValue so && sub instanceof ObjectValue bo) {
      for (Map.Entry<Value, Value> e : bo.asMap().entrySet()) {
        Value sv = so.get(e.getKey());
        if (sv == null) {
          return false;
        }
        if (sv instanceof ObjectValue && e.getValue() instanceof ObjectValue) {
          if (!subset(sv, e.getValue())) {
            return false;
          }
        } else if (!sv.equals(e.getValue())) {
          if (!(isColl(sv) && isColl(e.getValue()) && subset(sv, e.getValue()))) {
            return false;
          }
        }
      }
      return true;
    }
    if (sup instanceof SetValue ss && sub instanceof SetValue bs) {
      return ss.asSet().containsAll(bs.asSet());
    }
    if (sup instanceof ArrayValue sa && sub instanceof SetValue bs) {
      return new HashSet<>(sa.items()).containsAll(bs.asSet());
    }
    if (sup instanceof ArrayValue sa && sub instanceof ArrayValue ba) {
      if (ba.size() == 0) {
        return true;
      }
      outer:
      for (int i = 0; i + ba.size() <= sa.size(); i++) {
        for (int j = 0; j < ba.size(); j++) {
          if (!sa.get(i + j).equals(ba.get(j))) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }
    return sup.equals(sub);
  }

  private static boolean isColl(Value v) {
    return v instanceof SetValue || v instanceof ArrayValue;
  }

  private static List<List<Value>> paths(Value[] a, int i) {
    List<List<Value>> out = new ArrayList<>();
    for (Value p : Args.elems(a, i, "one of {set, array}")) {
      if (p instanceof StringValue s) {
        List<Value> segs = new ArrayList<>();
        String t = s.value().startsWith("/") ? s.value().substring(1) : s.value();
        for (String seg : t.split("/", -1)) {
          segs.add(StringValue.of(seg.replace("~1", "/").replace("~0", "~")));
        }
        out.add(segs);
      } else if (p instanceof ArrayValue arr) {
        out.add(arr.items());
      } else {
        throw BuiltinException.type(
            "operand "
                + (i + 1)
                + " must be one of {set, array} containing string paths or array of path segments"
                + " but got "
                + p.typeName());
      }
    }
    return out;
  }

  private static Value filter(Value v, List<List<Value>> paths) {
    for (List<Value> p : paths) {
      if (p.isEmpty()) {
        return v;
      }
    }
    Map<Value, List<List<Value>>> byKey = new LinkedHashMap<>();
    for (List<Value> p : paths) {
      byKey.computeIfAbsent(p.get(0), k -> new ArrayList<>()).add(p.subList(1, p.size()));
    }
    if (v instanceof ObjectValue o) {
      Map<Value, Value> out = new LinkedHashMap<>();
      byKey.forEach(
          (k, rest) -> {
            Value c = o.get(k);
            if (c != null) {
              out.put(k, filter(c, rest));
            }
          });
      return ObjectValue.of(out);
    }
    if (v instanceof ArrayValue arr) {
      List<Value> out = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        List<List<Value>> rest = byKey.get(StringValue.of(Integer.toString(i)));
        if (rest == null) {
          rest = byKey.get(NumberValue.of(i));
        }
        if (rest != null) {
          out.add(filter(arr.get(i), rest));
        }
      }
      return ArrayValue.of(out);
    }
    if (v instanceof SetValue s) {
      List<Value> out = new ArrayList<>();
      for (Value e : s.sorted()) {
        List<List<Value>> rest = byKey.get(e);
        if (rest != null) {
          out.add(filter(e, rest));
        }
      }
      return SetValue.of(out);
    }
    return v;
  }

  private static Value remove(Value v, List<List<Value>> paths) {
    Map<Value, List<List<Value>>> byKey = new LinkedHashMap<>();
    Set<Value> drop = new HashSet<>();
    for (List<Value> p : paths) {
      if (p.isEmpty()) {
        continue;
      }
      if (p.size() == 1) {
        drop.add(p.get(0));
      } else {
        byKey.computeIfAbsent(p.get(0), k -> new ArrayList<>()).add(p.subList(1, p.size()));
      }
    }
    if (v instanceof ObjectValue o) {
      Map<Value, Value> out = new LinkedHashMap<>();
      o.asMap()
          .forEach(
              (k, c) -> {
                if (!drop.contains(k)) {
                  List<List<Value>> rest = byKey.get(k);
                  out.put(k, rest == null ? c : remove(c, rest));
                }
              });
      return ObjectValue.of(out);
    }
    if (v instanceof ArrayValue arr) {
      List<Value> out = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        Value si = StringValue.of(Integer.toString(i));
        Value ni = NumberValue.of(i);
        if (drop.contains(si) || drop.contains(ni)) {
          continue;
        }
        List<List<Value>> rest = byKey.containsKey(si) ? byKey.get(si) : byKey.get(ni);
        out.add(rest == null ? arr.get(i) : remove(arr.get(i), rest));
      }
      return ArrayValue.of(out);
    }
    if (v instanceof SetValue s) {
      List<Value> out = new ArrayList<>();
      for (Value e : s.sorted()) {
        if (!drop.contains(e)) {
          List<List<Value>> rest = byKey.get(e);
          out.add(rest == null ? e : remove(e, rest));
        }
      }
      return SetValue.of(out);
    }
    return v;
  }
}
