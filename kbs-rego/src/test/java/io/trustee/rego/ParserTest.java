package io.trustee.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.rego.ast.Module;
import io.trustee.rego.ast.Rule;
import io.trustee.rego.parse.Parser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parser: rule forms, newline handling, keys with dashes, errors with positions. */
class ParserTest {
  @Test
  void parsesEveryRuleForm() {
    Module m =
        Parser.parseModule(
            """
        package a.b
        import rego.v1
        import future.keywords.in
        import data.lib.x as y
        default allow := false
        allow if input.ok
        p contains x if some x in input.xs
        o[k] := v if some k, v in input.m
        f(x) := x + 1
        g(x, y) if { x > y } else := false
        r.s.t := 1
        q := 1 if { false } else := 2
        """,
            "m.rego");
    assertThat(m.packagePath()).containsExactly("a", "b");
    assertThat(m.imports()).hasSize(1);
    assertThat(m.rules().stream().map(Rule::kind).toList())
        .containsExactly(
            Rule.Kind.COMPLETE,
            Rule.Kind.COMPLETE,
            Rule.Kind.SET,
            Rule.Kind.OBJECT,
            Rule.Kind.FUNCTION,
            Rule.Kind.FUNCTION,
            Rule.Kind.COMPLETE,
            Rule.Kind.COMPLETE);
    assertThat(m.rules().get(6).name()).isEqualTo("r.s.t");
    assertThat(m.rules().get(7).elseRule()).isNotNull();
  }

  @Test
  void newlinesSeparateLiteralsButNotInsideBrackets() {
    CompiledPolicy p =
        Rego.compile(
            """
        package t
        x := [1,
          2,
          3]
        y if {
          count(x) == 3
          x[0] == 1; x[2] == 3
        }
        z := 1 +
          2
        """);
    EvalResult r = p.evaluate(null, null, Map.of(), List.of("data.t.y", "data.t.z"), null);
    assertThat(r.get("data.t.y").isTrue()).isTrue();
    assertThat(r.get("data.t.z").value()).contains(NumberValue.of(3));
  }

  @Test
  void bracketKeysWithDashesAndRawStrings() {
    CompiledPolicy p =
        Rego.compile(
            """
        package t
        v := input["az-snp-vtpm"].measurement
        re := `a\\d+`
        m if regex.match(re, "a12")
        """);
    EvalResult r =
        p.evaluate(
            Value.fromJson("{\"az-snp-vtpm\": {\"measurement\": \"m\"}}"),
            null,
            Map.of(),
            List.of("data.t.v", "data.t.m"),
            null);
    assertThat(r.get("data.t.v").value()).contains(StringValue.of("m"));
    assertThat(r.get("data.t.m").isTrue()).isTrue();
  }

  @Test
  void reportsUnterminatedStringsWithPosition() {
    assertThatThrownBy(() -> Rego.compile("package t\np := \"abc\n"))
        .isInstanceOfSatisfying(
            RegoCompileException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isGreaterThan(1);
              assertThat(e.getMessage()).startsWith("2:").contains("non-terminated string");
            });
  }

  @Test
  void rejectsConflictingRuleKinds() {
    assertThatThrownBy(() -> Rego.compile("package t\np := 1\np contains 2\n"))
        .isInstanceOfSatisfying(
            RegoCompileException.class, e -> assertThat(e.code()).isEqualTo("rego_compile_error"));
  }

  @Test
  void v0ModeReadsBracketRulesAsPartialSets() {
    String m =
        "package t\np[x] { x := input.xs[_] }\nq[\"a\"] { true }\nr[k] = v { v := input.m[k] }\n";
    Value in = Value.fromJson("{\"xs\": [1, 2], \"m\": {\"k\": 1}}");
    assertThat(
            Rego.compileModules(Map.of("a.rego", m), true)
                .query("data.t = x", in, null, null, null)
                .get(0)
                .get("x")
                .toJson())
        .isEqualTo("{\"p\":[1,2],\"q\":[\"a\"],\"r\":{\"k\":1}}");
    assertThat(
            Rego.compileModules(Map.of("a.rego", m))
                .query("data.t = x", in, null, null, null)
                .get(0)
                .get("x")
                .toJson())
        .isEqualTo("{\"p\":{\"1\":true,\"2\":true},\"q\":{\"a\":true},\"r\":{\"k\":1}}");
  }

  @Test
  void parsesTermsForInputTerm() {
    assertThat(Rego.parseValue("{1, \"a\", [true, null]}").toString())
        .isEqualTo("{1, \"a\", [true, null]}");
  }
}
