package io.trustee.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rego v1 language features beyond the basics of {@link EngineTest}: keywords used as reference
 * segments, {@code with} details, overlapping rule-head references, and the features added for OPA
 * v1 conformance.
 */
class LanguageFeaturesTest {
  private static Value eval(String rule, String... modules) {
    return evalWith(rule, null, modules);
  }

  private static Value evalWith(String rule, String input, String... modules) {
    Map<String, String> srcs = new LinkedHashMap<>();
    for (int i = 0; i < modules.length; i++) {
      srcs.put("m" + i + ".rego", modules[i]);
    }
    List<Map<String, Value>> rs =
        Rego.compileModules(srcs)
            .query(
                "x = " + rule,
                input == null ? null : Value.fromJson(input),
                null,
                null,
                EvalOptions.defaults());
    return rs.isEmpty() ? null : rs.get(0).get("x");
  }

  // ------------------------------------------------------------ keywords as references

  @Test
  void keywordsAreReferenceHeadsWhenADotFollows() {
    String m =
        """
        package t
        p if {
          if.foo == 1
          foo.if == 2
          every.a == 3
          not.b == 4
          some.c == 5
          true.d == 6
          null.e(6) == 6
          default.f == 7
          else.g == 8
          with.h == 9
          import.i == 10
          package.j == 11
          contains.k == 12
          in.l == 13
          as.m == 14
        }
        if.foo := 1
        foo.if := 2
        every.a := 3
        not.b := 4
        some.c := 5
        true.d := 6
        null.e(x) := x
        default.f := 7
        else.g := 8
        with.h := 9
        import.i := 10
        package.j := 11
        contains.k := 12
        in.l := 13
        as.m := 14
        """;
    assertThat(eval("data.t.p", m)).isEqualTo(BooleanValue.TRUE);
  }

  @Test
  void keywordsAsPackageSegmentsObjectKeysAndInputFields() {
    String lib = "package foo.every.if\n\nbar := 42\n";
    String m =
        """
        package t
        import data.foo.every.if as kw
        p if {
          kw.bar == 42
          data.foo.every.if.bar == 42
          {"in": 1}.in == 1
          input.contains == "c"
        }
        """;
    assertThat(evalWith("data.t.p", "{\"contains\": \"c\"}", lib, m)).isEqualTo(BooleanValue.TRUE);
  }

  @Test
  void keywordsStillActAsKeywordsWithoutADot() {
    String m =
        """
        package t
        default q := 0
        q := 1 if {
          some x in [1, 2]
          x == 2
          every y in [1] { y == 1 }
          not false
        } else := 2
        """;
    assertThat(eval("data.t.q", m)).isEqualTo(NumberValue.of(1));
    assertThatThrownBy(() -> Rego.compile("package t\nif := 1\n"))
        .isInstanceOf(RegoCompileException.class);
  }

  // ------------------------------------------------------------ with

  @Test
  void withMayContinueOnTheNextLine() {
    String m =
        """
        package t
        r if input.a == 1
        p if {
          r with data.x as 1
            with input.a as 1
        }
        """;
    assertThat(eval("data.t.p", m)).isEqualTo(BooleanValue.TRUE);
  }

  @Test
  void builtinMockedByDottedBuiltin() {
    String m =
        """
        package t
        p := x if {
          x = count([{}, {"foo": 3}]) with count as object.union_n
        }
        """;
    assertThat(eval("data.t.p", m)).isEqualTo(Value.fromJson("{\"foo\": 3}"));
  }

  @Test
  void ifFollowedByObjectComprehensionIsASingleLiteral() {
    String m =
        """
        package t
        f(x) := count(x) if {k: i | k := ["a", "b"][i]}
        """;
    assertThat(eval("data.t.f([1, 2])", m)).isEqualTo(NumberValue.of(2));
  }

  // ------------------------------------------------------------ overlapping rule-head references

  @Test
  void overlappingRuleHeadsMerge() {
    String m =
        """
        package t
        p[q].r.s := i if q := ["a", "b"][i]
        p.d.r := 3
        p.a.r.s := 0
        s[q] contains r if { some q in ["a", "b"]; some r in ["a", "b"]; q != r }
        s.b contains "foo"
        """;
    assertThat(eval("data.t.p", m).toJson())
        .isEqualTo("{\"a\":{\"r\":{\"s\":0}},\"b\":{\"r\":{\"s\":1}},\"d\":{\"r\":3}}");
    assertThat(eval("data.t.s", m).toJson()).isEqualTo("{\"a\":[\"b\"],\"b\":[\"a\",\"foo\"]}");
  }

  @Test
  void overlappingRuleHeadsConflict() {
    String overrides = "package t\np[q].r.s := i if q := [\"a\"][i]\np.a.r := 42\n";
    String injects =
        "package t\np[q].r := v if { q := \"q\"; v := {\"s\": {\"t\": 1}} }\np.q.r.s.u := 42\n";
    String keys = "package t\np.q.r := 1\np.q[s] := 2 if s := \"r\"\n";
    for (String m : List.of(overrides, injects, keys)) {
      assertThatThrownBy(() -> eval("data.t.p", m))
          .isInstanceOf(RegoEvalException.class)
          .extracting(e -> ((RegoEvalException) e).code())
          .isEqualTo(RegoEvalException.CONFLICT_ERROR);
    }
  }

  // ------------------------------------------------------------ network builtins

  @Test
  void networkBuiltinsAreCompileErrors() {
    String send =
        """
        package t
        p := r if {
          r := http.send({"method": "GET", "url": "https://example.com"})
        }
        """;
    assertThatThrownBy(() -> Rego.compile(send))
        .isInstanceOfSatisfying(
            RegoCompileException.class,
            e -> {
              assertThat(e.code()).isEqualTo("rego_compile_error");
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo(8);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "3:8: http.send is not available: policies evaluated by the KBS must not"
                          + " reach the network");
            });
    assertThatThrownBy(() -> Rego.compile("package t\np if net.lookup_ip_addr(\"example.com\")\n"))
        .isInstanceOf(RegoCompileException.class)
        .hasMessageContaining("net.lookup_ip_addr is not available");
    CompiledPolicy ok = Rego.compile("package t\np := 1\n");
    assertThatThrownBy(() -> ok.query("x := http.send({})", null, null, null, null))
        .isInstanceOf(RegoCompileException.class)
        .hasMessageContaining("must not reach the network");
  }

  @Test
  void deliberatelyMissingBuiltinFamiliesAreCompileErrorsThatSayWhy() {
    assertThatThrownBy(
            () ->
                Rego.compile(
                    "package t\np if graphql.is_valid(\"{ a }\", \"type Q { a: Int }\")\n"))
        .isInstanceOfSatisfying(
            RegoCompileException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.getMessage())
                  .startsWith("2:6: graphql.is_valid is not available: GraphQL schema")
                  .contains("attestation policies");
            });
    assertThatThrownBy(
            () -> Rego.compile("package t\np := rego.parse_module(\"f\", \"package x\")\n"))
        .isInstanceOf(RegoCompileException.class)
        .hasMessageContaining("rego.parse_module is not available");
    assertThatThrownBy(() -> Rego.compile("package t\np := providers.aws.sign_req({}, {}, 0)\n"))
        .isInstanceOf(RegoCompileException.class)
        .hasMessageContaining("providers.aws.sign_req is not available");
  }

  // ------------------------------------------------------------ annotations

  @Test
  void regoMetadataChainAndRule() {
    String lib =
        """
        # METADATA
        # scope: subpackages
        # organizations:
        # - Acme
        package a
        """;
    String m =
        """
        # METADATA
        # description: The package
        package a.b

        # METADATA
        # scope: document
        # title: Doc
        # authors:
        # - Jane Doe <jane@example.com>
        # - The OPA contributors
        p := "foo" if false

        # METADATA
        # title: Rule
        # related_resources:
        # - https://example.com
        # entrypoint: true
        p := x if {
          x := rego.metadata.chain()
        }

        q := rego.metadata.rule()

        # METADATA
        # title: R
        r := rego.metadata.rule()
        """;
    assertThat(eval("data.a.b.p", lib, m).toJson())
        .isEqualTo(
            "[{\"annotations\":{\"entrypoint\":true,\"related_resources\":[{\"ref\":"
                + "\"https://example.com\"}],\"scope\":\"rule\",\"title\":\"Rule\"},"
                + "\"path\":[\"a\",\"b\",\"p\"]},"
                + "{\"annotations\":{\"authors\":[{\"email\":\"jane@example.com\",\"name\":"
                + "\"Jane Doe\"},{\"name\":\"The OPA contributors\"}],\"scope\":\"document\","
                + "\"title\":\"Doc\"},\"path\":[\"a\",\"b\",\"p\"]},"
                + "{\"annotations\":{\"description\":\"The package\",\"scope\":\"package\"},"
                + "\"path\":[\"a\",\"b\"]},"
                + "{\"annotations\":{\"organizations\":[\"Acme\"],\"scope\":\"subpackages\"},"
                + "\"path\":[\"a\"]}]");
    assertThat(eval("data.a.b.q", lib, m)).isEqualTo(ObjectValue.EMPTY);
    assertThat(eval("data.a.b.r", lib, m).toJson())
        .isEqualTo("{\"scope\":\"rule\",\"title\":\"R\"}");
  }

  @Test
  void invalidMetadataIsAParseError() {
    assertThatThrownBy(() -> Rego.compile("# METADATA\n# scope: rule\npackage t\n"))
        .isInstanceOfSatisfying(
            RegoCompileException.class, e -> assertThat(e.code()).isEqualTo("rego_parse_error"));
  }

  // ------------------------------------------------------------ template strings

  @Test
  void templateStringsInterpolateExpressions() {
    String m =
        """
        package t
        users := [{"name": "Alice", "surname": "Alisson"}, {"name": "Bob", "surname": "Bobsson"}]
        a := $"Hello, {input.name}!"
        b := $"n={1 + 2} s={"x"} b={true} z={null} f={4.2} arr={["a", "b"]} set={set()} obj={{"d": "e"}}"
        c := $"Hello, {users[1].name}!"
        d := $"{x} and \\{x\\} {{"a"} | {"b"}}" if x := "X"
        e := $`multi
        {[n |
          some u in users
          n := $"{u.name} {u.surname}"
        ]}`
        f := $"plain"
        g := msg if {
          msg := $"Hello, {name}!"
          name := "late"
        }
        h := $"\u0041\t{"tab"}"
        """;
    assertThat(evalWith("data.t.a", "{\"name\": \"Alice\"}", m))
        .isEqualTo(StringValue.of("Hello, Alice!"));
    assertThat(eval("data.t.b", m))
        .isEqualTo(
            StringValue.of(
                "n=3 s=x b=true z=null f=4.2 arr=[\"a\", \"b\"] set=set() obj={\"d\": \"e\"}"));
    assertThat(eval("data.t.c", m)).isEqualTo(StringValue.of("Hello, Bob!"));
    assertThat(eval("data.t.d", m)).isEqualTo(StringValue.of("X and {x} {\"a\", \"b\"}"));
    assertThat(eval("data.t.e", m))
        .isEqualTo(StringValue.of("multi\n[\"Alice Alisson\", \"Bob Bobsson\"]"));
    assertThat(eval("data.t.f", m)).isEqualTo(StringValue.of("plain"));
    assertThat(eval("data.t.g", m)).isEqualTo(StringValue.of("Hello, late!"));
    assertThat(eval("data.t.h", m)).isEqualTo(StringValue.of("A\ttab"));
  }

  @Test
  void templateStringUndefinedAndMultipleValues() {
    String m =
        """
        package t
        p := $"Hello, {input.user}. How are you?"
        q := $"Hello, {["Alice", "Bob"][_]}!"
        """;
    assertThat(evalWith("data.t.p", "{}", m))
        .isEqualTo(StringValue.of("Hello, <undefined>. How are you?"));
    assertThat(eval("data.t.p", m)).isEqualTo(StringValue.of("Hello, <undefined>. How are you?"));
    assertThatThrownBy(() -> eval("data.t.q", m))
        .isInstanceOfSatisfying(
            RegoEvalException.class,
            e -> {
              assertThat(e.code()).isEqualTo(RegoEvalException.CONFLICT_ERROR);
              assertThat(e.getMessage())
                  .contains("template-strings must not produce multiple outputs");
            });
  }

  @Test
  void templateStringParseErrors() {
    for (String bad :
        List.of(
            "package t\np := $\"Hello, {x\"\n",
            "package t\np := $\"Hello\n",
            "package t\np := $\"Hello, {}\"\n",
            "package t\np := $\"Hello, {1 2}\"\n")) {
      assertThatThrownBy(() -> Rego.compile(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              RegoCompileException.class, e -> assertThat(e.code()).isEqualTo("rego_parse_error"));
    }
    assertThatThrownBy(() -> Rego.compile("package t\n\np := $\"a {1 2}\"\n"))
        .hasMessageStartingWith("3:13: unexpected 2");
  }

  // ------------------------------------------------------------ dynamic dispatch

  @Test
  void functionsCalledThroughReferencesWithVariables() {
    String r1 = "package rules.r1\n\nmatch(x) := x + 1\n";
    String r2 = "package rules.r2\n\nmatch(x) := x * 10\n\nother(x) := x\n";
    String m =
        """
        package t
        import data.rules
        p := data.rules[input.x].match(2)
        all[name] := v if v := data.rules[name].match(3)
        via_alias := rules[input.x].match(5)
        none := data.rules[n].match(1) if n := "nope"
        mocked := y if {
          y := data.rules[input.x].match(2) with data.rules.r1.match as double
        }
        double(x) := x * 2
        """;
    assertThat(evalWith("data.t.p", "{\"x\": \"r1\"}", r1, r2, m)).isEqualTo(NumberValue.of(3));
    assertThat(evalWith("data.t.p", "{\"x\": \"r2\"}", r1, r2, m)).isEqualTo(NumberValue.of(20));
    assertThat(eval("data.t.all", r1, r2, m).toJson()).isEqualTo("{\"r1\":4,\"r2\":30}");
    assertThat(evalWith("data.t.via_alias", "{\"x\": \"r2\"}", r1, r2, m))
        .isEqualTo(NumberValue.of(50));
    assertThat(eval("data.t.none", r1, r2, m)).isNull();
    assertThat(evalWith("data.t.mocked", "{\"x\": \"r1\"}", r1, r2, m))
        .isEqualTo(NumberValue.of(4));
  }
}
