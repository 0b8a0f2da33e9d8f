package io.trustee.rego;

import io.trustee.rego.parse.JsonEscape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** JSON reading and compact writing of {@link Value}s. Stateless and thread-safe. */
public final class Json {
  private final String s;
  private int pos;

  private Json(String s) {
    this.s = s;
  }

  /** Parses a complete JSON document; throws IllegalArgumentException when malformed. */
  public static Value parse(String text) {
    try {
      return parseDocument(text);
    } catch (StackOverflowError e) {
      throw new IllegalArgumentException("invalid JSON: nesting too deep");
    }
  }

  private static Value parseDocument(String text) {
    Json j = new Json(text);
    j.ws();
    Value v = j.value();
    j.ws();
    if (j.pos != text.length()) {
      throw j.err("trailing characters");
    }
    return v;
  }

  private IllegalArgumentException err(String msg) {
    return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + msg);
  }

  private void ws() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        break;
      }
    }
  }

  private Value value() {
    if (pos >= s.length()) {
      throw err("unexpected end");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return StringValue.of(string());
      case 't':
        return lit("true", BooleanValue.TRUE);
      case 'f':
        return lit("false", BooleanValue.FALSE);
      case 'n':
        return lit("null", NullValue.INSTANCE);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw err("unexpected character '" + c + "'");
    }
  }

  private Value lit(String word, Value v) {
    if (!s.startsWith(word, pos)) {
      throw err("expected " + word);
    }
    pos += word.length();
    return v;
  }

  private Value number() {
    int start = pos;
    if (s.charAt(pos) == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
      pos++;
    }
    if (pos == digits) {
      throw err("bad number");
    }
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      int f = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      if (f == pos) {
        throw err("bad number");
      }
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      int e = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      if (e == pos) {
        throw err("bad number");
      }
    }
    return NumberValue.parse(s.substring(start, pos));
  }

  private String string() {
    pos++;
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      if (pos >= s.length()) {
        throw err("unterminated string");
      }
      char c = s.charAt(pos);
      if (c == '"') {
        String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
        pos++;
        return out;
      }
      if (c < 0x20) {
        throw err("control character in string");
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(s, start, pos);
        try {
          pos = JsonEscape.decode(s, pos + 1, sb);
        } catch (IllegalArgumentException ex) {
          throw err(ex.getMessage());
        }
        start = pos;
      } else {
        pos++;
      }
    }
  }

  private Value array() {
    pos++;
    List<Value> items = new ArrayList<>();
    ws();
    if (pos < s.length() && s.charAt(pos) == ']') {
      pos++;
      return ArrayValue.EMPTY;
    }
    while (true) {
      ws();
      items.add(value());
      ws();
      if (pos >= s.length()) {
        throw err("unterminated array");
      }
      char c = s.charAt(pos++);
      if (c == ']') {
        return ArrayValue.of(items);
      }
      if (c != ',') {
        throw err("expected , or ]");
      }
    }
  }

  private Value object() {
    pos++;
    Map<Value, Value> m = new HashMap<>();
    ws();
    if (pos < s.length() && s.charAt(pos) == '}') {
      pos++;
      return ObjectValue.EMPTY;
    }
    while (true) {
      ws();
      if (pos >= s.length() || s.charAt(pos) != '"') {
        throw err("expected string key");
      }
      String k = string();
      ws();
      if (pos >= s.length() || s.charAt(pos) != ':') {
        throw err("expected :");
      }
      pos++;
      ws();
      m.put(StringValue.of(k), value());
      ws();
      if (pos >= s.length()) {
        throw err("unterminated object");
      }
      char c = s.charAt(pos++);
      if (c == '}') {
        return ObjectValue.wrap(m);
      }
      if (c != ',') {
        throw err("expected , or }");
      }
    }
  }

  /** Writes compact JSON: sorted object keys, sets as sorted arrays. */
  static void write(Value v, StringBuilder sb) {
    if (v instanceof ObjectValue o) {
      sb.append('{');
      boolean first = true;
      for (Value k : o.sortedKeyArray()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        if (k instanceof StringValue ks) {
          writeString(ks.value(), sb);
        } else {
          writeString(k.toJson(), sb);
        }
        sb.append(':');
        write(o.get(k), sb);
      }
      sb.append('}');
    } else if (v instanceof SetValue set) {
      sb.append('[');
      boolean first = true;
      for (Value e : set.sortedArray()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(e, sb);
      }
      sb.append(']');
    } else if (v instanceof ArrayValue a) {
      sb.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(a.get(i), sb);
      }
      sb.append(']');
    } else if (v instanceof StringValue s) {
      writeString(s.value(), sb);
    } else {
      v.appendRego(sb);
    }
  }

  /** Appends a JSON string literal. */
  public static void writeString(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
