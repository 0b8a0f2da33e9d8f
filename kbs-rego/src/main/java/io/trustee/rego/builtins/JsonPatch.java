package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code json.patch}: RFC 6902 operations on Rego values (sets included). Thread-safe. */
final class JsonPatch {
  private JsonPatch() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "json.patch",
        2,
        a -> {
          Value doc = a[0];
          for (Value op : Args.elems(a, 1, "array")) {
            if (!(op instanceof ObjectValue o)) {
              throw BuiltinException.type("operand 2 must be array of objects");
            }
            doc = apply(doc, o);
            if (doc == null) {
              return null;
            }
          }
          return doc;
        });
  }

  private static List<Value> path(Value p) {
    if (p instanceof ArrayValue arr) {
      return arr.items();
    }
    if (!(p instanceof StringValue s)) {
      throw BuiltinException.error("invalid patch path");
    }
    List<Value> out = new ArrayList<>();
    if (s.value().isEmpty()) {
      return out;
    }
    String t = s.value().startsWith("/") ? s.value().substring(1) : s.value();
    for (String seg : t.split("/", -1)) {
      out.add(StringValue.of(seg.replace("~1", "/").replace("~0", "~")));
    }
    return out;
  }

  private static Value apply(Value doc, ObjectValue op) {
    String kind = op.get("op") instanceof StringValue s ? s.value() : "";
    List<Value> path = path(op.get("path"));
    if (path.isEmpty() && (kind.equals("add") || kind.equals("replace"))) {
      // RFC 6902 §4.1, §4.3: a path of "" is the whole document, which the value replaces
      Value v = op.get("value");
      return v;
    }
    switch (kind) {
      case "add":
        return add(doc, path, 0, op.get("value"));
      case "remove":
        return remove(doc, path, 0);
      case "replace":
        if (get(doc, path) == null) {
          return null;
        }
        return add(remove(doc, path, 0), path, 0, op.get("value"));
      case "move":
        {
          List<Value> from = path(op.get("from"));
          Value v = get(doc, from);
          return v == null ? null : add(remove(doc, from, 0), path, 0, v);
        }
      case "copy":
        {
          Value v = get(doc, path(op.get("from")));
          return v == null ? null : add(doc, path, 0, v);
        }
      case "test":
        {
          Value v = get(doc, path);
          return v != null && v.equals(op.get("value")) ? doc : null;
        }
      default:
        throw BuiltinException.error("unknown patch operation " + kind);
    }
  }

  private static Value get(Value doc, List<Value> path) {
    Value cur = doc;
    for (Value k : path) {
      cur = child(cur, k);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  private static Integer index(Value k, int size, boolean allowEnd) {
    String s =
        k instanceof StringValue sv ? sv.value() : k instanceof NumberValue n ? n.text() : null;
    if (s == null) {
      return null;
    }
    if (allowEnd && s.equals("-")) {
      return size;
    }
    if (!s.matches("0|[1-9][0-9]{0,9}")) {
      // RFC 6901 §4: an array index is 0 or digits without a leading zero (no sign)
      return null;
    }
    try {
      int i = Integer.parseInt(s);
      return i >= 0 && i <= (allowEnd ? size : size - 1) ? i : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Value child(Value v, Value k) {
    if (v instanceof ObjectValue o) {
      return o.get(k);
    }
    if (v instanceof ArrayValue arr) {
      Integer i = index(k, arr.size(), false);
      return i == null ? null : arr.get(i);
    }
    if (v instanceof SetValue s) {
      return s.contains(k) ? k : null;
    }
    return null;
  }

  private static Value add(Value doc, List<Value> path, int i, Value v) {
    if (doc == null || v == null) {
      return null;
    }
    if (i == path.size()) {
      return v;
    }
    Value k = path.get(i);
    boolean last = i == path.size() - 1;
    if (doc instanceof ObjectValue o) {
      Map<Value, Value> m = new LinkedHashMap<>(o.asMap());
      Value c = last ? v : add(o.get(k), path, i + 1, v);
      if (c == null) {
        return null;
      }
      m.put(k, c);
      return ObjectValue.of(m);
    }
    if (doc instanceof ArrayValue arr) {
      Integer idx = index(k, arr.size(), last);
      if (idx == null) {
        return null;
      }
      List<Value> l = new ArrayList<>(arr.items());
      if (last) {
        l.add(idx, v);
      } else {
        Value c = add(arr.get(idx), path, i + 1, v);
        if (c == null) {
          return null;
        }
        l.set(idx, c);
      }
      return ArrayValue.of(l);
    }
    if (doc instanceof SetValue s) {
      // in a set, an element is its own path segment
      Set<Value> out = new LinkedHashSet<>(s.asSet());
      if (last) {
        if (!k.equals(v)) {
          return null;
        }
        out.add(v);
        return SetValue.of(out);
      }
      if (!s.contains(k)) {
        return null;
      }
      Value c = add(k, path, i + 1, v);
      if (c == null) {
        return null;
      }
      out.remove(k);
      out.add(c);
      return SetValue.of(out);
    }
    return null;
  }

  private static Value remove(Value doc, List<Value> path, int i) {
    if (doc == null || path.isEmpty()) {
      return null;
    }
    Value k = path.get(i);
    boolean last = i == path.size() - 1;
    if (doc instanceof ObjectValue o) {
      if (o.get(k) == null) {
        return null;
      }
      Map<Value, Value> m = new LinkedHashMap<>(o.asMap());
      if (last) {
        m.remove(k);
      } else {
        Value c = remove(o.get(k), path, i + 1);
        if (c == null) {
          return null;
        }
        m.put(k, c);
      }
      return ObjectValue.of(m);
    }
    if (doc instanceof ArrayValue arr) {
      Integer idx = index(k, arr.size(), false);
      if (idx == null) {
        return null;
      }
      List<Value> l = new ArrayList<>(arr.items());
      if (last) {
        l.remove((int) idx);
      } else {
        Value c = remove(arr.get(idx), path, i + 1);
        if (c == null) {
          return null;
        }
        l.set(idx, c);
      }
      return ArrayValue.of(l);
    }
    if (doc instanceof SetValue s && s.contains(k)) {
      Set<Value> out = new LinkedHashSet<>(s.asSet());
      out.remove(k);
      if (!last) {
        Value c = remove(k, path, i + 1);
        if (c == null) {
          return null;
        }
        out.add(c);
      }
      return SetValue.of(out);
    }
    return null;
  }
}
