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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code json.verify_schema} and {@code json.match_schema}: a JSON Schema (draft 4 to 7 core)
 * validator reporting errors in the shape of gojsonschema ({@code error}, {@code type}, {@code
 * field}, {@code desc}). Covers types, enum/const, object, array, number and string keywords,
 * combinators and local {@code $ref}s; formats and remote references are not checked. Stateless;
 * thread-safe.
 */
final class JsonSchema {
  private final ObjectValue root;
  private final List<Value> errors = new ArrayList<>();

  private JsonSchema(ObjectValue root) {
    this.root = root;
  }

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "json.verify_schema",
        1,
        a -> {
          try {
            schema(a[0], 1);
            return ArrayValue.of(BooleanValue.TRUE, NullValue.INSTANCE);
          } catch (BuiltinException e) {
            if (e.code().equals(io.trustee.rego.RegoEvalException.TYPE_ERROR)) {
              throw e;
            }
            return ArrayValue.of(
                BooleanValue.FALSE, StringValue.of("jsonschema: " + e.getMessage()));
          }
        });
    reg(
        m,
        "json.match_schema",
        2,
        a -> {
          Value doc = a[0] instanceof StringValue s ? parse(s.value(), "document") : a[0];
          ObjectValue sch = schema(a[1], 2);
          JsonSchema v = new JsonSchema(sch);
          v.check(sch, doc, "(root)");
          return ArrayValue.of(BooleanValue.of(v.errors.isEmpty()), ArrayValue.of(v.errors));
        });
  }

  private static Value parse(String s, String what) {
    try {
      return io.trustee.rego.Json.parse(s);
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error(what + " is not valid JSON: " + e.getMessage());
    }
  }

  private static ObjectValue schema(Value v, int operand) {
    Value s = v instanceof StringValue str ? parse(str.value(), "schema") : v;
    if (!(s instanceof ObjectValue o)) {
      if (v instanceof StringValue || v instanceof ObjectValue) {
        throw BuiltinException.error("schema must be an object");
      }
      throw BuiltinException.type(operand, "one of {string, object}", v);
    }
    checkSchema(o);
    return o;
  }

  private static final List<String> PRIMITIVE_TYPES =
      List.of("array", "boolean", "integer", "number", "null", "object", "string");

  /** Checks the schema and its subschemas as gojsonschema does when loading one. */
  private static void checkSchema(Value v) {
    if (!(v instanceof ObjectValue o)) {
      return;
    }
    Value type = o.get("type");
    if (type != null) {
      if (!(type instanceof StringValue || type instanceof ArrayValue)) {
        throw BuiltinException.error(
            "Invalid type. Expected: string or array, given: " + goType(type));
      }
      List<Value> names = type instanceof ArrayValue arr ? arr.items() : List.of(type);
      for (Value t : names) {
        if (!(t instanceof StringValue ts) || !PRIMITIVE_TYPES.contains(ts.value())) {
          throw BuiltinException.error(
              "has a primitive type that is NOT VALID -- given: /"
                  + (t instanceof StringValue ts2 ? ts2.value() : t.toString())
                  + "/ Expected valid values are:"
                  + "[array boolean integer number null object string]");
        }
      }
    }
    for (String k : List.of("properties", "patternProperties", "definitions", "dependencies")) {
      if (o.get(k) instanceof ObjectValue m) {
        for (Value sub : m.asMap().values()) {
          checkSchema(sub);
        }
      }
    }
    for (String k :
        List.of(
            "additionalProperties",
            "additionalItems",
            "not",
            "if",
            "then",
            "else",
            "contains",
            "propertyNames",
            "items")) {
      checkSchema(o.get(k));
    }
    for (String k : List.of("allOf", "anyOf", "oneOf", "items")) {
      if (o.get(k) instanceof ArrayValue arr) {
        for (Value sub : arr.items()) {
          checkSchema(sub);
        }
      }
    }
  }

  private static String goType(Value v) {
    if (v instanceof NumberValue n) {
      return n.isInteger() ? "integer" : "number";
    }
    if (v instanceof ArrayValue || v instanceof SetValue) {
      return "array";
    }
    return v.typeName();
  }

  private void fail(String type, String field, String desc) {
    Map<Value, Value> e = new LinkedHashMap<>();
    e.put(StringValue.of("error"), StringValue.of(field + ": " + desc));
    e.put(StringValue.of("type"), StringValue.of(type));
    e.put(StringValue.of("field"), StringValue.of(field));
    e.put(StringValue.of("desc"), StringValue.of(desc));
    errors.add(ObjectValue.of(e));
  }

  private static String child(String field, String key) {
    return field.equals("(root)") ? key : field + "." + key;
  }

  private static boolean typeMatches(String t, Value v) {
    return switch (t) {
      case "integer" -> v instanceof NumberValue n && n.isInteger();
      case "number" -> v instanceof NumberValue;
      case "array" -> v instanceof ArrayValue || v instanceof SetValue;
      default -> t.equals(v.typeName());
    };
  }

  private Value resolve(Value s) {
    if (s instanceof ObjectValue o
        && o.get("$ref") instanceof StringValue ref
        && ref.value().startsWith("#")) {
      Value cur = root;
      for (String seg : ref.value().substring(1).split("/")) {
        if (seg.isEmpty()) {
          continue;
        }
        cur =
            cur instanceof ObjectValue co
                ? co.get(seg.replace("~1", "/").replace("~0", "~"))
                : null;
      }
      return cur == null ? ObjectValue.EMPTY : resolve(cur);
    }
    return s;
  }

  private boolean valid(Value schema, Value v) {
    JsonSchema sub = new JsonSchema(root);
    sub.check(schema, v, "(root)");
    return sub.errors.isEmpty();
  }

  private void check(Value schemaValue, Value v, String field) {
    Value sv = resolve(schemaValue);
    if (sv instanceof BooleanValue b) {
      if (!b.value()) {
        fail("false", field, "False always fails validation");
      }
      return;
    }
    if (!(sv instanceof ObjectValue s)) {
      return;
    }
    Value type = s.get("type");
    if (type != null) {
      List<String> types = new ArrayList<>();
      if (type instanceof StringValue t) {
        types.add(t.value());
      } else if (type instanceof ArrayValue ta) {
        for (Value t : ta.items()) {
          types.add(((StringValue) t).value());
        }
      }
      boolean ok = false;
      for (String t : types) {
        ok |= typeMatches(t, v);
      }
      if (!ok) {
        fail(
            "invalid_type",
            field,
            "Invalid type. Expected: " + String.join(", ", types) + ", given: " + goType(v));
        return;
      }
    }
    if (s.get("enum") instanceof ArrayValue en && !en.items().contains(v)) {
      List<String> opts = new ArrayList<>();
      for (Value e : en.items()) {
        opts.add(e.toJson());
      }
      fail("enum", field, field + " must be one of the following: " + String.join(", ", opts));
    }
    if (s.get("const") != null && !s.get("const").equals(v)) {
      fail("const", field, field + " does not match: " + s.get("const").toJson());
    }
    if (v instanceof ObjectValue o) {
      object(s, o, field);
    }
    if (v instanceof ArrayValue a) {
      array(s, a.items(), field);
    }
    if (v instanceof NumberValue n) {
      number(s, n, field);
    }
    if (v instanceof StringValue str) {
      string(s, str.value(), field);
    }
    combinators(s, v, field);
  }

  private void object(ObjectValue s, ObjectValue o, String field) {
    if (s.get("required") instanceof ArrayValue req) {
      for (Value r : req.items()) {
        if (o.get(r) == null) {
          String name = r instanceof StringValue rs ? rs.value() : r.toJson();
          fail("required", field, name + " is required");
        }
      }
    }
    ObjectValue props = s.get("properties") instanceof ObjectValue p ? p : ObjectValue.EMPTY;
    for (Value k : o.sortedKeys()) {
      String key = k instanceof StringValue ks ? ks.value() : k.toJson();
      Value ps = props.get(k);
      boolean matchedPattern = false;
      if (s.get("patternProperties") instanceof ObjectValue pp) {
        for (Value pk : pp.sortedKeys()) {
          if (RegexBuiltins.compile(((StringValue) pk).value()).matcher(key).find()) {
            matchedPattern = true;
            check(pp.get(pk), o.get(k), child(field, key));
          }
        }
      }
      if (ps != null) {
        check(ps, o.get(k), child(field, key));
      } else if (!matchedPattern) {
        Value ap = s.get("additionalProperties");
        if (ap instanceof BooleanValue b && !b.value()) {
          fail(
              "additional_property_not_allowed",
              field,
              "Additional property " + key + " is not allowed");
        } else if (ap instanceof ObjectValue) {
          check(ap, o.get(k), child(field, key));
        }
      }
    }
    if (s.get("minProperties") instanceof NumberValue n && o.size() < n.longValue()) {
      fail("array_min_properties", field, "Must have at least " + n.longValue() + " properties");
    }
    if (s.get("maxProperties") instanceof NumberValue n && o.size() > n.longValue()) {
      fail("array_max_properties", field, "Must have at most " + n.longValue() + " properties");
    }
  }

  private void array(ObjectValue s, List<Value> items, String field) {
    Value it = s.get("items");
    for (int i = 0; i < items.size(); i++) {
      Value is = it instanceof ArrayValue tuple ? (i < tuple.size() ? tuple.get(i) : null) : it;
      if (is != null) {
        check(is, items.get(i), child(field, Integer.toString(i)));
      }
    }
    if (s.get("minItems") instanceof NumberValue n && items.size() < n.longValue()) {
      fail("array_min_items", field, "Array must have at least " + n.longValue() + " items");
    }
    if (s.get("maxItems") instanceof NumberValue n && items.size() > n.longValue()) {
      fail("array_max_items", field, "Array must have at most " + n.longValue() + " items");
    }
    if (BooleanValue.TRUE.equals(s.get("uniqueItems"))
        && new HashSet<>(items).size() != items.size()) {
      fail("unique", field, "array items must be unique");
    }
    if (s.get("contains") != null) {
      boolean any = false;
      for (Value i : items) {
        any |= valid(s.get("contains"), i);
      }
      if (!any) {
        fail("contains", field, "At least one of the items must match");
      }
    }
  }

  private void number(ObjectValue s, NumberValue n, String field) {
    BigDecimal d = n.decimal();
    if (s.get("minimum") instanceof NumberValue min) {
      boolean excl = BooleanValue.TRUE.equals(s.get("exclusiveMinimum"));
      int c = d.compareTo(min.decimal());
      if (excl ? c <= 0 : c < 0) {
        fail(
            excl ? "number_gt" : "number_gte",
            field,
            "Must be greater than " + (excl ? "" : "or equal to ") + min.text());
      }
    }
    if (s.get("exclusiveMinimum") instanceof NumberValue min && d.compareTo(min.decimal()) <= 0) {
      fail("number_gt", field, "Must be greater than " + min.text());
    }
    if (s.get("maximum") instanceof NumberValue max) {
      boolean excl = BooleanValue.TRUE.equals(s.get("exclusiveMaximum"));
      int c = d.compareTo(max.decimal());
      if (excl ? c >= 0 : c > 0) {
        fail(
            excl ? "number_lt" : "number_lte",
            field,
            "Must be less than " + (excl ? "" : "or equal to ") + max.text());
      }
    }
    if (s.get("exclusiveMaximum") instanceof NumberValue max && d.compareTo(max.decimal()) >= 0) {
      fail("number_lt", field, "Must be less than " + max.text());
    }
    if (s.get("multipleOf") instanceof NumberValue m
        && m.signum() != 0
        && d.remainder(m.decimal()).signum() != 0) {
      fail("multiple_of", field, "Must be a multiple of " + m.text());
    }
  }

  private void string(ObjectValue s, String str, String field) {
    int len = str.codePointCount(0, str.length());
    if (s.get("minLength") instanceof NumberValue n && len < n.longValue()) {
      fail("string_gte", field, "String length must be greater than or equal to " + n.longValue());
    }
    if (s.get("maxLength") instanceof NumberValue n && len > n.longValue()) {
      fail("string_lte", field, "String length must be less than or equal to " + n.longValue());
    }
    if (s.get("pattern") instanceof StringValue p
        && !RegexBuiltins.compile(p.value()).matcher(str).find()) {
      fail("pattern", field, "Does not match pattern '" + p.value() + "'");
    }
  }

  private void combinators(ObjectValue s, Value v, String field) {
    if (s.get("allOf") instanceof ArrayValue all) {
      for (Value sub : all.items()) {
        if (!valid(sub, v)) {
          fail("number_all_of", field, "Must validate all the schemas (allOf)");
          break;
        }
      }
    }
    if (s.get("anyOf") instanceof ArrayValue any) {
      boolean ok = false;
      for (Value sub : any.items()) {
        ok |= valid(sub, v);
      }
      if (!ok) {
        fail("number_any_of", field, "Must validate at least one schema (anyOf)");
      }
    }
    if (s.get("oneOf") instanceof ArrayValue one) {
      int n = 0;
      for (Value sub : one.items()) {
        n += valid(sub, v) ? 1 : 0;
      }
      if (n != 1) {
        fail("number_one_of", field, "Must validate one and only one schema (oneOf)");
      }
    }
    if (s.get("not") != null && valid(s.get("not"), v)) {
      fail("number_not", field, "Must not validate the schema (not)");
    }
  }
}
