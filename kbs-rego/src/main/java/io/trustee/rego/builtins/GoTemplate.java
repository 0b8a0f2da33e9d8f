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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strings.render_template}: the core of Go's text/template with {@code missingkey=error} —
 * field and variable references, {@code if}/{@code else if}/{@code else}, {@code range} (with
 * optional index and element variables), and {@code {{-}}/{@code -}}} trimming. Functions and
 * pipelines are not supported. Single-use renderer instances; the builtin is thread-safe.
 */
final class GoTemplate {
  private record Node(String kind, String arg, List<Node> body, List<Node> elseBody) {}

  private final List<String> tokens = new ArrayList<>();
  private int pos;

  private GoTemplate() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "strings.render_template",
        2,
        a -> {
          String tpl = Args.str(a, 0);
          GoTemplate t = new GoTemplate();
          t.lex(tpl);
          List<Node> nodes = t.parse(false);
          StringBuilder out = new StringBuilder();
          Map<String, Value> vars = new HashMap<>();
          vars.put("$", a[1]);
          render(nodes, a[1], vars, out);
          return StringValue.of(out.toString());
        });
  }

  private void lex(String s) {
    int i = 0;
    StringBuilder text = new StringBuilder();
    while (i < s.length()) {
      int open = s.indexOf("{{", i);
      if (open < 0) {
        text.append(s.substring(i));
        break;
      }
      text.append(s, i, open);
      int close = s.indexOf("}}", open + 2);
      if (close < 0) {
        throw BuiltinException.error("template: unclosed action");
      }
      String action = s.substring(open + 2, close);
      if (action.startsWith("-")
          && action.length() > 1
          && Character.isWhitespace(action.charAt(1))) {
        int e = text.length();
        while (e > 0 && Character.isWhitespace(text.charAt(e - 1))) {
          e--;
        }
        text.setLength(e);
        action = action.substring(1);
      }
      tokens.add("T" + text);
      text.setLength(0);
      i = close + 2;
      if (action.endsWith("-")
          && action.length() > 1
          && Character.isWhitespace(action.charAt(action.length() - 2))) {
        action = action.substring(0, action.length() - 1);
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
      }
      tokens.add("A" + action.trim());
    }
    tokens.add("T" + text);
  }

  private List<Node> parse(boolean nested) {
    List<Node> out = new ArrayList<>();
    while (pos < tokens.size()) {
      String t = tokens.get(pos);
      if (t.startsWith("T")) {
        pos++;
        if (t.length() > 1) {
          out.add(new Node("text", t.substring(1), null, null));
        }
        continue;
      }
      String a = t.substring(1);
      if (a.equals("end") || a.equals("else") || a.startsWith("else if ")) {
        if (!nested) {
          throw BuiltinException.error("template: unexpected {{" + a + "}}");
        }
        return out;
      }
      pos++;
      if (a.startsWith("if ") || a.startsWith("range ")) {
        String kind = a.startsWith("if ") ? "if" : "range";
        String arg = a.substring(kind.length() + 1).trim();
        List<Node> body = parse(true);
        List<Node> elseBody = List.of();
        String end = pos < tokens.size() ? tokens.get(pos).substring(1) : "";
        if (end.startsWith("else if ")) {
          tokens.set(pos, "A" + end.substring(5));
          elseBody = List.of(parseIf());
        } else if (end.equals("else")) {
          pos++;
          elseBody = parse(true);
          expectEnd();
        } else {
          expectEnd();
        }
        out.add(new Node(kind, arg, body, elseBody));
      } else if (!a.startsWith("/*")) {
        out.add(new Node("print", a, null, null));
      }
    }
    if (nested) {
      throw BuiltinException.error("template: unexpected EOF");
    }
    return out;
  }

  private Node parseIf() {
    String a = tokens.get(pos++).substring(1);
    List<Node> body = parse(true);
    List<Node> elseBody = List.of();
    String end = pos < tokens.size() ? tokens.get(pos).substring(1) : "";
    if (end.startsWith("else if ")) {
      tokens.set(pos, "A" + end.substring(5));
      elseBody = List.of(parseIf());
      return new Node("if", a.substring(3).trim(), body, elseBody);
    }
    if (end.equals("else")) {
      pos++;
      elseBody = parse(true);
    }
    expectEnd();
    return new Node("if", a.substring(3).trim(), body, elseBody);
  }

  private void expectEnd() {
    if (pos >= tokens.size() || !tokens.get(pos).equals("Aend")) {
      throw BuiltinException.error("template: unexpected EOF");
    }
    pos++;
  }

  private static void render(
      List<Node> nodes, Value dot, Map<String, Value> vars, StringBuilder out) {
    for (Node n : nodes) {
      switch (n.kind) {
        case "text" -> out.append(n.arg);
        case "print" -> out.append(print(eval(n.arg, dot, vars)));
        case "if" -> render(truthy(eval(n.arg, dot, vars)) ? n.body : n.elseBody, dot, vars, out);
        default -> {
          String arg = n.arg;
          String iv = null;
          String ev = null;
          int assign = arg.indexOf(":=");
          if (assign > 0) {
            String[] names = arg.substring(0, assign).split(",");
            if (names.length == 2) {
              iv = names[0].trim();
              ev = names[1].trim();
            } else {
              ev = names[0].trim();
            }
            arg = arg.substring(assign + 2).trim();
          }
          Value coll = eval(arg, dot, vars);
          List<Value[]> entries = new ArrayList<>();
          if (coll instanceof ArrayValue av) {
            for (int i = 0; i < av.size(); i++) {
              entries.add(new Value[] {NumberValue.of(i), av.get(i)});
            }
          } else if (coll instanceof SetValue sv) {
            int i = 0;
            for (Value e : sv.sorted()) {
              entries.add(new Value[] {NumberValue.of(i++), e});
            }
          } else if (coll instanceof ObjectValue ov) {
            for (Value k : ov.sortedKeys()) {
              entries.add(new Value[] {k, ov.get(k)});
            }
          }
          if (entries.isEmpty()) {
            render(n.elseBody, dot, vars, out);
          }
          for (Value[] e : entries) {
            Map<String, Value> inner = new HashMap<>(vars);
            if (iv != null) {
              inner.put(iv, e[0]);
            }
            if (ev != null) {
              inner.put(ev, e[1]);
            }
            render(n.body, e[1], inner, out);
          }
        }
      }
    }
  }

  private static Value eval(String expr, Value dot, Map<String, Value> vars) {
    String e = expr.trim();
    Value cur;
    String rest;
    if (e.equals(".")) {
      return dot;
    }
    if (e.startsWith("$")) {
      int dotAt = e.indexOf('.');
      String name = dotAt < 0 ? e : e.substring(0, dotAt);
      cur = vars.get(name);
      if (cur == null) {
        throw BuiltinException.error("template: undefined variable \"" + name + "\"");
      }
      rest = dotAt < 0 ? "" : e.substring(dotAt);
    } else if (e.startsWith(".")) {
      cur = dot;
      rest = e;
    } else if (e.startsWith("\"")) {
      return StringValue.of(e.substring(1, e.length() - 1));
    } else if (e.equals("true") || e.equals("false")) {
      return BooleanValue.of(e.equals("true"));
    } else {
      try {
        return NumberValue.parse(e);
      } catch (NumberFormatException ex) {
        throw BuiltinException.error("template: function \"" + e + "\" not defined");
      }
    }
    for (String field : rest.split("\\.")) {
      if (field.isEmpty()) {
        continue;
      }
      if (!(cur instanceof ObjectValue o)) {
        throw BuiltinException.error("template: can't evaluate field " + field);
      }
      cur = o.get(field);
      if (cur == null) {
        throw BuiltinException.error("template: map has no entry for key \"" + field + "\"");
      }
    }
    return cur;
  }

  private static boolean truthy(Value v) {
    if (v instanceof NullValue) {
      return false;
    }
    if (v instanceof BooleanValue b) {
      return b.value();
    }
    if (v instanceof NumberValue n) {
      return n.signum() != 0;
    }
    if (v instanceof StringValue s) {
      return !s.value().isEmpty();
    }
    if (v instanceof ArrayValue a) {
      return a.size() > 0;
    }
    if (v instanceof SetValue s) {
      return s.size() > 0;
    }
    return ((ObjectValue) v).size() > 0;
  }

  private static String print(Value v) {
    if (v instanceof StringValue s) {
      return s.value();
    }
    if (v instanceof NullValue) {
      return "<no value>";
    }
    if (v instanceof ArrayValue || v instanceof SetValue) {
      List<String> parts = new ArrayList<>();
      for (Value e : v instanceof ArrayValue a ? a.items() : ((SetValue) v).sorted()) {
        parts.add(print(e));
      }
      return "[" + String.join(" ", parts) + "]";
    }
    if (v instanceof ObjectValue o) {
      List<String> parts = new ArrayList<>();
      for (Value k : o.sortedKeys()) {
        parts.add(print(k) + ":" + print(o.get(k)));
      }
      return "map[" + String.join(" ", parts) + "]";
    }
    return v.toString();
  }
}
