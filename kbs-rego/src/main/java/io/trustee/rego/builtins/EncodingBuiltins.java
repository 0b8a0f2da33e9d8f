package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON, base64, base64url, hex and URL query encodings. */
final class EncodingBuiltins {
  private EncodingBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(m, "json.marshal", 1, a -> StringValue.of(goJson(a[0])));
    reg(
        m,
        "json.marshal_with_options",
        2,
        a -> {
          ObjectValue o = Args.obj(a, 1);
          boolean pretty = false;
          boolean prettySet = false;
          String indent = "\t";
          String prefix = "";
          for (Value k : o.sortedKeys()) {
            String key = k instanceof StringValue ks ? ks.value() : k.toString();
            Value v = o.get(k);
            switch (key) {
              case "pretty" -> {
                if (!(v instanceof BooleanValue b)) {
                  throw BuiltinException.type("operand 2 pretty must be boolean");
                }
                pretty = b.value();
                prettySet = true;
              }
              case "indent" -> {
                if (!(v instanceof StringValue sv)) {
                  throw BuiltinException.type("operand 2 indent must be string");
                }
                indent = sv.value();
                pretty = prettySet ? pretty : true;
              }
              case "prefix" -> {
                if (!(v instanceof StringValue sv)) {
                  throw BuiltinException.type("operand 2 prefix must be string");
                }
                prefix = sv.value();
                pretty = prettySet ? pretty : true;
              }
              default ->
                  throw BuiltinException.type("object contained unknown key \"" + key + "\"");
            }
          }
          if (!pretty) {
            return StringValue.of(goJson(a[0]));
          }
          StringBuilder sb = new StringBuilder(prefix);
          pretty(a[0], sb, prefix, indent, 0);
          return StringValue.of(sb.toString());
        });
    reg(m, "yaml.marshal", 1, a -> StringValue.of(YamlCodec.emit(a[0])));
    reg(m, "yaml.unmarshal", 1, a -> YamlCodec.parse(Args.str(a, 0)));
    reg(
        m,
        "yaml.is_valid",
        1,
        a -> {
          if (!(a[0] instanceof StringValue s)) {
            return BooleanValue.FALSE;
          }
          try {
            YamlCodec.parse(s.value());
            return BooleanValue.TRUE;
          } catch (RuntimeException e) {
            return BooleanValue.FALSE;
          }
        });
    reg(
        m,
        "json.unmarshal",
        1,
        a -> {
          try {
            return Value.fromJson(Args.str(a, 0));
          } catch (IllegalArgumentException e) {
            throw BuiltinException.error(e.getMessage());
          }
        });
    reg(
        m,
        "json.is_valid",
        1,
        a -> {
          if (!(a[0] instanceof StringValue s)) {
            return BooleanValue.FALSE;
          }
          try {
            Value.fromJson(s.value());
            return BooleanValue.TRUE;
          } catch (IllegalArgumentException e) {
            return BooleanValue.FALSE;
          }
        });
    reg(
        m,
        "base64.encode",
        1,
        a -> StringValue.of(Base64.getEncoder().encodeToString(bytes(Args.str(a, 0)))));
    reg(m, "base64.decode", 1, a -> StringValue.of(decode(Base64.getDecoder(), Args.str(a, 0))));
    reg(
        m,
        "base64.is_valid",
        1,
        a -> {
          try {
            Base64.getDecoder().decode(Args.str(a, 0));
            return BooleanValue.TRUE;
          } catch (IllegalArgumentException e) {
            return BooleanValue.FALSE;
          }
        });
    reg(
        m,
        "base64url.encode",
        1,
        a -> StringValue.of(Base64.getUrlEncoder().encodeToString(bytes(Args.str(a, 0)))));
    reg(
        m,
        "base64url.encode_no_pad",
        1,
        a ->
            StringValue.of(
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(Args.str(a, 0)))));
    reg(
        m,
        "base64url.decode",
        1,
        a -> StringValue.of(decode(Base64.getUrlDecoder(), Args.str(a, 0))));
    reg(m, "hex.encode", 1, a -> StringValue.of(HexFormat.of().formatHex(bytes(Args.str(a, 0)))));
    reg(
        m,
        "hex.decode",
        1,
        a -> {
          String h = Args.str(a, 0);
          for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (Character.digit(c, 16) < 0) {
              throw BuiltinException.error(
                  String.format("encoding/hex: invalid byte: U+%04X '%c'", (int) c, c));
            }
          }
          if (h.length() % 2 != 0) {
            throw BuiltinException.error("encoding/hex: odd length hex string");
          }
          return StringValue.of(utf8(HexFormat.of().parseHex(h)));
        });
    reg(m, "urlquery.encode", 1, a -> StringValue.of(queryEscape(Args.str(a, 0))));
    reg(
        m,
        "urlquery.decode",
        1,
        a -> {
          try {
            return StringValue.of(URLDecoder.decode(Args.str(a, 0), StandardCharsets.UTF_8));
          } catch (IllegalArgumentException e) {
            throw BuiltinException.error("invalid URL escape");
          }
        });
    reg(
        m,
        "urlquery.encode_object",
        1,
        a -> {
          List<String> parts = new ArrayList<>();
          ObjectValue o = Args.obj(a, 0);
          for (Value k : o.sortedKeys()) {
            String ks = queryEscape(((StringValue) k).value());
            Value v = o.get(k);
            List<Value> vs =
                v instanceof ArrayValue arr
                    ? arr.items()
                    : v instanceof SetValue s ? s.sorted() : List.of(v);
            for (Value x : vs) {
              if (!(x instanceof StringValue xs)) {
                throw BuiltinException.type("operand 1 must be object[string: string|array|set]");
              }
              parts.add(ks + "=" + queryEscape(xs.value()));
            }
          }
          return StringValue.of(String.join("&", parts));
        });
    reg(
        m,
        "urlquery.decode_object",
        1,
        a -> {
          Map<String, List<Value>> out = new LinkedHashMap<>();
          String q = Args.str(a, 0);
          if (!q.isEmpty()) {
            for (String part : q.split("[&;]")) {
              if (part.isEmpty()) {
                continue;
              }
              int eq = part.indexOf('=');
              String k =
                  URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
              String v =
                  eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
              out.computeIfAbsent(k, x -> new ArrayList<>()).add(StringValue.of(v));
            }
          }
          Map<Value, Value> o = new LinkedHashMap<>();
          out.forEach((k, v) -> o.put(StringValue.of(k), ArrayValue.of(v)));
          return ObjectValue.of(o);
        });
  }

  private static void newline(StringBuilder sb, String prefix, String indent, int depth) {
    sb.append('\n').append(prefix).append(indent.repeat(depth));
  }

  private static void pretty(Value v, StringBuilder sb, String prefix, String indent, int d) {
    List<Value> items = null;
    if (v instanceof ArrayValue arr) {
      items = arr.items();
    } else if (v instanceof SetValue set) {
      items = set.sorted();
    }
    if (items != null) {
      if (items.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      for (int i = 0; i < items.size(); i++) {
        newline(sb, prefix, indent, d + 1);
        pretty(items.get(i), sb, prefix, indent, d + 1);
        if (i < items.size() - 1) {
          sb.append(',');
        }
      }
      newline(sb, prefix, indent, d);
      sb.append(']');
      return;
    }
    if (v instanceof ObjectValue o) {
      if (o.size() == 0) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      List<Value> keys = o.sortedKeys();
      for (int i = 0; i < keys.size(); i++) {
        newline(sb, prefix, indent, d + 1);
        Value k = keys.get(i);
        sb.append(goJson(k instanceof StringValue ? k : StringValue.of(k.toJson())));
        sb.append(": ");
        pretty(o.get(k), sb, prefix, indent, d + 1);
        if (i < keys.size() - 1) {
          sb.append(',');
        }
      }
      newline(sb, prefix, indent, d);
      sb.append('}');
      return;
    }
    sb.append(goJson(v));
  }

  /** Go's {@code url.QueryEscape}. */
  static String queryEscape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String utf8(byte[] b) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  private static String decode(Base64.Decoder d, String s) {
    try {
      return utf8(d.decode(s));
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error("illegal base64 data at input byte " + badByte(s));
    }
  }

  /** The offset Go's decoder reports: the first invalid character, else where padding fails. */
  private static int badByte(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          Character.isLetterOrDigit(c) && c < 128
              || c == '+'
              || c == '/'
              || c == '-'
              || c == '_'
              || c == '=';
      if (!ok) {
        return i;
      }
    }
    int eq = s.indexOf('=');
    if (eq >= 0) {
      return eq;
    }
    return s.length() - s.length() % 4;
  }

  /** JSON as Go's encoding/json writes it (HTML characters escaped). */
  static String goJson(Value v) {
    String s = v.toJson();
    if (s.indexOf('<') < 0 && s.indexOf('>') < 0 && s.indexOf('&') < 0) {
      return s;
    }
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }
}
