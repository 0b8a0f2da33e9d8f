package io.trustee.rego.builtins;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NullValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import io.trustee.rego.parse.JsonEscape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small YAML reader and writer for {@code yaml.marshal/unmarshal/is_valid}: block mappings and
 * sequences, flow collections, quoted and plain scalars with YAML 1.1 resolution (as Go's yaml.v2
 * does), literal and folded block scalars. Anchors, tags and multiple documents are not supported.
 * Single-use reader instances; the static methods are thread-safe.
 */
final class YamlCodec {
  private record Line(int indent, String text, int number) {}

  private final List<Line> lines = new ArrayList<>();
  private int pos;

  private YamlCodec(String src) {
    String[] raw = src.split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String l = raw[i].replace("\r", "");
      String t = stripComment(l);
      if (t.isBlank() || t.trim().equals("---") || t.trim().equals("...")) {
        continue;
      }
      int ind = 0;
      while (ind < t.length() && t.charAt(ind) == ' ') {
        ind++;
      }
      lines.add(new Line(ind, t.substring(ind).stripTrailing(), i + 1));
    }
  }

  static BuiltinException error(int line, String msg) {
    return BuiltinException.error("yaml: line " + line + ": " + msg);
  }

  /** Parses one YAML document; an empty document is null. */
  static Value parse(String src) {
    YamlCodec y = new YamlCodec(src);
    if (y.lines.isEmpty()) {
      return NullValue.INSTANCE;
    }
    Value v = y.node(y.lines.get(0).indent);
    if (y.pos < y.lines.size()) {
      throw error(y.lines.get(y.pos).number, "did not find expected <document start>");
    }
    return v;
  }

  private static String stripComment(String l) {
    boolean sq = false;
    boolean dq = false;
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      if (c == '\'' && !dq) {
        sq = !sq;
      } else if (c == '"' && !sq && (i == 0 || l.charAt(i - 1) != '\\')) {
        dq = !dq;
      } else if (c == '#' && !sq && !dq && (i == 0 || l.charAt(i - 1) == ' ')) {
        return l.substring(0, i);
      }
    }
    return l;
  }

  private static boolean isSeqItem(String t) {
    return t.equals("-") || t.startsWith("- ");
  }

  /** The offset of the mapping colon of a "key: value" line, or -1. */
  private static int keyColon(String t) {
    if (t.startsWith("[") || t.startsWith("{") || isSeqItem(t)) {
      return -1;
    }
    int i = 0;
    if (t.startsWith("\"") || t.startsWith("'")) {
      int e = t.indexOf(t.charAt(0), 1);
      if (e < 0) {
        return -1;
      }
      i = e + 1;
    }
    for (; i < t.length(); i++) {
      if (t.charAt(i) == ':' && (i + 1 == t.length() || t.charAt(i + 1) == ' ')) {
        return i;
      }
    }
    return -1;
  }

  private Value node(int indent) {
    Line l = lines.get(pos);
    if (isSeqItem(l.text)) {
      return sequence(l.indent);
    }
    if (keyColon(l.text) > 0) {
      return mapping(l.indent);
    }
    pos++;
    StringBuilder text = new StringBuilder(l.text);
    if (l.text.startsWith("[") || l.text.startsWith("{")) {
      while (!balanced(text.toString())
          && pos < lines.size()
          && lines.get(pos).indent > indent - 1) {
        text.append(' ').append(lines.get(pos++).text);
      }
    } else {
      while (pos < lines.size() && lines.get(pos).indent > indent) {
        text.append(' ').append(lines.get(pos++).text);
      }
    }
    return inline(text.toString(), l.number);
  }

  private static boolean balanced(String s) {
    int depth = 0;
    boolean dq = false;
    boolean sq = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' && !sq && (i == 0 || s.charAt(i - 1) != '\\')) {
        dq = !dq;
      } else if (c == '\'' && !dq) {
        sq = !sq;
      } else if (!dq && !sq && (c == '[' || c == '{')) {
        depth++;
      } else if (!dq && !sq && (c == ']' || c == '}')) {
        depth--;
      }
    }
    return depth <= 0;
  }

  private Value sequence(int indent) {
    List<Value> out = new ArrayList<>();
    while (pos < lines.size()
        && lines.get(pos).indent == indent
        && isSeqItem(lines.get(pos).text)) {
      Line l = lines.get(pos);
      String rest = l.text.length() > 1 ? l.text.substring(2).trim() : "";
      if (rest.isEmpty()) {
        pos++;
        out.add(
            pos < lines.size() && lines.get(pos).indent > indent
                ? node(lines.get(pos).indent)
                : NullValue.INSTANCE);
      } else {
        int childIndent = indent + (l.text.length() - l.text.substring(1).stripLeading().length());
        lines.set(pos, new Line(childIndent, rest, l.number));
        out.add(node(childIndent));
      }
    }
    return ArrayValue.of(out);
  }

  private Value mapping(int indent) {
    Map<Value, Value> out = new LinkedHashMap<>();
    while (pos < lines.size() && lines.get(pos).indent == indent) {
      Line l = lines.get(pos);
      int c = keyColon(l.text);
      if (c < 0) {
        throw error(l.number, "could not find expected ':'");
      }
      Value key = inline(l.text.substring(0, c).trim(), l.number);
      String rest = l.text.substring(c + 1).trim();
      pos++;
      Value v;
      if (rest.isEmpty()) {
        if (pos < lines.size()
            && (lines.get(pos).indent > indent
                || lines.get(pos).indent == indent && isSeqItem(lines.get(pos).text))) {
          v = node(lines.get(pos).indent);
        } else {
          v = NullValue.INSTANCE;
        }
      } else if (rest.equals("|") || rest.equals(">") || rest.equals("|-") || rest.equals(">-")) {
        v = blockScalar(indent, rest);
      } else {
        lines.add(pos, new Line(indent + 1, rest, l.number));
        v = node(indent + 1);
      }
      out.put(key instanceof StringValue ? key : StringValue.of(key.toString()), v);
    }
    return ObjectValue.of(out);
  }

  private Value blockScalar(int indent, String style) {
    List<String> parts = new ArrayList<>();
    while (pos < lines.size() && lines.get(pos).indent > indent) {
      parts.add(lines.get(pos++).text);
    }
    String sep = style.startsWith("|") ? "\n" : " ";
    String s = String.join(sep, parts);
    return StringValue.of(style.endsWith("-") ? s : s + "\n");
  }

  // ------------------------------------------------------------------ flow and scalars

  private String src;
  private int at;
  private int lineNo;

  private Value inline(String text, int line) {
    YamlCodec f = new YamlCodec("");
    f.src = text;
    f.at = 0;
    f.lineNo = line;
    Value v = f.flow(false);
    f.ws();
    if (f.at < text.length()) {
      throw error(line, "did not find expected <document start>");
    }
    return v;
  }

  private void ws() {
    while (at < src.length() && src.charAt(at) == ' ') {
      at++;
    }
  }

  private Value flow(boolean inCollection) {
    ws();
    if (at >= src.length()) {
      return NullValue.INSTANCE;
    }
    char c = src.charAt(at);
    if (c == '[') {
      at++;
      List<Value> items = new ArrayList<>();
      while (true) {
        ws();
        if (at >= src.length()) {
          throw error(lineNo, "did not find expected ',' or ']'");
        }
        if (src.charAt(at) == ']') {
          at++;
          return ArrayValue.of(items);
        }
        items.add(flow(true));
        ws();
        if (at < src.length() && src.charAt(at) == ',') {
          at++;
        } else if (at >= src.length() || src.charAt(at) != ']') {
          throw error(lineNo, "did not find expected ',' or ']'");
        }
      }
    }
    if (c == '{') {
      at++;
      Map<Value, Value> m = new LinkedHashMap<>();
      while (true) {
        ws();
        if (at >= src.length()) {
          throw error(lineNo, "did not find expected ',' or '}'");
        }
        if (src.charAt(at) == '}') {
          at++;
          return ObjectValue.of(m);
        }
        Value k = flow(true);
        ws();
        Value v = NullValue.INSTANCE;
        if (at < src.length() && src.charAt(at) == ':') {
          at++;
          v = flow(true);
        }
        m.put(k instanceof StringValue ? k : StringValue.of(k.toString()), v);
        ws();
        if (at < src.length() && src.charAt(at) == ',') {
          at++;
        } else if (at >= src.length() || src.charAt(at) != '}') {
          throw error(lineNo, "did not find expected ',' or '}'");
        }
      }
    }
    if (c == '"' || c == '\'') {
      return StringValue.of(quoted(c));
    }
    int start = at;
    while (at < src.length()) {
      char d = src.charAt(at);
      if (inCollection && (d == ',' || d == ']' || d == '}')) {
        break;
      }
      if (inCollection && d == ':' && (at + 1 == src.length() || src.charAt(at + 1) == ' ')) {
        break;
      }
      at++;
    }
    return plain(src.substring(start, at).trim());
  }

  private String quoted(char q) {
    at++;
    StringBuilder sb = new StringBuilder();
    while (at < src.length()) {
      char c = src.charAt(at++);
      if (c == q) {
        if (q == '\'' && at < src.length() && src.charAt(at) == '\'') {
          sb.append('\'');
          at++;
          continue;
        }
        return sb.toString();
      }
      if (c == '\\' && q == '"' && at < src.length()) {
        char e = src.charAt(at++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case '0' -> sb.append('\0');
          case 'u' -> {
            int u = JsonEscape.hex4(src, at);
            if (u < 0) {
              throw error(lineNo, "did not find expected hexdecimal number");
            }
            sb.append((char) u);
            at += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
    throw error(lineNo, "found unexpected end of stream");
  }

  private static Value plain(String s) {
    switch (s) {
      case "", "~", "null", "Null", "NULL":
        return NullValue.INSTANCE;
      case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON":
        return BooleanValue.TRUE;
      case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF":
        return BooleanValue.FALSE;
      default:
        break;
    }
    if (s.matches("[-+]?[0-9]+")
        || s.matches("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?")) {
      try {
        return NumberValue.of(new java.math.BigDecimal(s.startsWith("+") ? s.substring(1) : s));
      } catch (NumberFormatException e) {
        return StringValue.of(s);
      }
    }
    if (s.matches("0x[0-9a-fA-F]+")) {
      return NumberValue.of(new java.math.BigDecimal(new java.math.BigInteger(s.substring(2), 16)));
    }
    return StringValue.of(s);
  }

  // ------------------------------------------------------------------ writing

  /** YAML in the block style of Go's yaml.v2 (sorted keys, sets as sequences). */
  static String emit(Value v) {
    StringBuilder sb = new StringBuilder();
    if (isEmptyOrScalar(v)) {
      sb.append(scalar(v)).append('\n');
    } else {
      block(v, 0, sb);
    }
    return sb.toString();
  }

  private static boolean isEmptyOrScalar(Value v) {
    if (v instanceof ObjectValue o) {
      return o.size() == 0;
    }
    if (v instanceof ArrayValue a) {
      return a.size() == 0;
    }
    if (v instanceof SetValue s) {
      return s.size() == 0;
    }
    return true;
  }

  private static List<Value> items(Value v) {
    return v instanceof SetValue s ? s.sorted() : ((ArrayValue) v).items();
  }

  private static void block(Value v, int indent, StringBuilder sb) {
    String pad = " ".repeat(indent);
    if (v instanceof ObjectValue o) {
      for (Value k : o.sortedKeys()) {
        Value c = o.get(k);
        sb.append(pad)
            .append(scalar(k instanceof StringValue ? k : StringValue.of(k.toJson())))
            .append(':');
        if (isEmptyOrScalar(c)) {
          sb.append(' ').append(scalar(c)).append('\n');
        } else {
          sb.append('\n');
          block(c, c instanceof ObjectValue ? indent + 2 : indent, sb);
        }
      }
      return;
    }
    for (Value c : items(v)) {
      sb.append(pad).append("- ");
      if (isEmptyOrScalar(c)) {
        sb.append(scalar(c)).append('\n');
      } else {
        StringBuilder inner = new StringBuilder();
        block(c, indent + 2, inner);
        sb.append(inner.substring(indent + 2));
      }
    }
  }

  private static String scalar(Value v) {
    if (v instanceof ObjectValue) {
      return "{}";
    }
    if (v instanceof ArrayValue || v instanceof SetValue) {
      return "[]";
    }
    if (v instanceof StringValue s) {
      String t = s.value();
      boolean quote =
          t.isEmpty()
              || !(plain(t) instanceof StringValue)
              || !t.equals(t.trim())
              || t.matches(".*[:#\\[\\]{},&*!|>'\"%@`\\n].*")
              || t.startsWith("-")
              || t.startsWith("?");
      if (!quote) {
        return t;
      }
      StringBuilder sb = new StringBuilder();
      io.trustee.rego.Json.writeString(t, sb);
      return sb.toString();
    }
    return v.toString();
  }
}
