package io.trustee.rego.parse;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.RegoCompileException;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import io.trustee.rego.builtins.BuiltinException;
import io.trustee.rego.builtins.Builtins;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code # METADATA} comment blocks (OPA's annotations): a block starts with a column-1 comment
 * {@code # METADATA}, continues over the column-1 comments on the following lines, holds a YAML
 * document, and annotates the next package or rule statement. The YAML is normalised as OPA does:
 * {@code scope} defaults to {@code package} or {@code rule}, authors become {@code {name, email}}
 * objects, related resources {@code {ref}} objects, and unknown keys are dropped. Stateless.
 */
final class Annotations {
  /** A METADATA block: its first and last line and its YAML text. */
  record Block(int line, int lastLine, String yaml) {}

  private Annotations() {}

  /** The METADATA blocks among column-1 comments, in source order. */
  static List<Block> blocks(List<Lexer.Comment> comments) {
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < comments.size(); i++) {
      Lexer.Comment c = comments.get(i);
      if (!c.text().strip().equals("METADATA")) {
        continue;
      }
      List<String> lines = new ArrayList<>();
      int last = c.line();
      int j = i + 1;
      while (j < comments.size() && comments.get(j).line() == last + 1) {
        lines.add(comments.get(j).text());
        last++;
        j++;
      }
      boolean indented = !lines.isEmpty();
      for (String l : lines) {
        indented &= l.isBlank() || l.startsWith(" ");
      }
      StringBuilder yaml = new StringBuilder();
      for (String l : lines) {
        yaml.append(indented && !l.isEmpty() ? l.substring(1) : l).append('\n');
      }
      out.add(new Block(c.line(), last, yaml.toString()));
      i = j - 1;
    }
    return out;
  }

  /** Parses and normalises one block for a package or a rule statement. */
  static Value parse(Block b, boolean pkg) {
    Value doc;
    try {
      doc =
          b.yaml().isBlank()
              ? ObjectValue.EMPTY
              : Builtins.get("yaml.unmarshal").fn().apply(new Value[] {StringValue.of(b.yaml())});
    } catch (BuiltinException | IllegalArgumentException e) {
      throw new RegoCompileException(
          "rego_parse_error", b.line(), 1, "invalid METADATA block: " + e.getMessage());
    }
    if (doc == null || doc instanceof io.trustee.rego.NullValue) {
      doc = ObjectValue.EMPTY;
    }
    if (!(doc instanceof ObjectValue o)) {
      throw new RegoCompileException(
          "rego_parse_error", b.line(), 1, "invalid METADATA block: expected a YAML mapping");
    }
    Map<Value, Value> out = new LinkedHashMap<>();
    Value scope = o.get("scope");
    if (scope == null) {
      scope = StringValue.of(pkg ? "package" : "rule");
    }
    String sc = scope instanceof StringValue s ? s.value() : "";
    boolean ok =
        pkg
            ? sc.equals("package") || sc.equals("subpackages")
            : sc.equals("rule") || sc.equals("document");
    if (!ok) {
      throw new RegoCompileException(
          "rego_parse_error",
          b.line(),
          1,
          "invalid annotation scope '" + sc + "'" + (pkg ? " on a package" : " on a rule"));
    }
    out.put(StringValue.of("scope"), scope);
    for (String key :
        List.of(
            "title",
            "description",
            "organizations",
            "related_resources",
            "authors",
            "schemas",
            "entrypoint",
            "custom")) {
      Value v = o.get(key);
      if (v == null) {
        continue;
      }
      switch (key) {
        case "authors" -> v = list(v, b, Annotations::author);
        case "related_resources" -> v = list(v, b, Annotations::resource);
        case "entrypoint" -> {
          if (!v.equals(BooleanValue.TRUE)) {
            continue;
          }
        }
        default -> {}
      }
      out.put(StringValue.of(key), v);
    }
    return ObjectValue.of(out);
  }

  private static Value list(Value v, Block b, java.util.function.Function<Value, Value> f) {
    if (!(v instanceof ArrayValue a)) {
      throw new RegoCompileException(
          "rego_parse_error", b.line(), 1, "invalid METADATA block: expected a list");
    }
    List<Value> out = new ArrayList<>();
    for (Value x : a.items()) {
      out.add(f.apply(x));
    }
    return ArrayValue.of(out);
  }

  /** {@code "Jane Doe <jane@example.com>"} becomes {@code {"name": ..., "email": ...}}. */
  private static Value author(Value v) {
    if (!(v instanceof StringValue s)) {
      return v;
    }
    String t = s.value().strip();
    Map<Value, Value> m = new LinkedHashMap<>();
    int lt = t.lastIndexOf('<');
    if (t.endsWith(">") && lt >= 0) {
      String name = t.substring(0, lt).strip();
      if (!name.isEmpty()) {
        m.put(StringValue.of("name"), StringValue.of(name));
      }
      m.put(StringValue.of("email"), StringValue.of(t.substring(lt + 1, t.length() - 1).strip()));
    } else {
      m.put(StringValue.of("name"), StringValue.of(t));
    }
    return ObjectValue.of(m);
  }

  /** A URL string becomes {@code {"ref": url}}. */
  private static Value resource(Value v) {
    if (v instanceof StringValue s) {
      return ObjectValue.of(Map.of(StringValue.of("ref"), s));
    }
    return v;
  }
}
