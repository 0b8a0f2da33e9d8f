package io.trustee.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Language features and API contracts of the engine. */
class EngineTest {
  private static Value eval(String module, String rule, String input) {
    RuleResult r =
        Rego.compile(module)
            .evaluate(
                input == null ? null : Value.fromJson(input),
                null,
                Map.of(),
                List.of("data.t." + rule),
                EvalOptions.defaults())
            .get("data.t." + rule);
    return r.value().orElse(null);
  }

  private static List<Map<String, Value>> query(String module, String q) {
    return Rego.compileModules(Map.of("m.rego", module)).query(q, null, null, null, null);
  }

  @Test
  void literalOrderDoesNotMatter() {
    String m =
        """
        package t
        p contains y if {
          y == x * 2
          x := input.xs[_]
          y := x + x
        }""";
    assertThat(eval(m, "p", "{\"xs\": [1, 2]}"))
        .isEqualTo(
            Value.fromJson("[2, 4]") instanceof ArrayValue a ? SetValue.of(a.items()) : null);
  }

  @Test
  void unificationWaitsUntilOneSideIsBound() {
    String m =
        """
        package t
        p[x] := y if { y = x; x = 1 }
        q := [a, b] if { [a, b] = [c, 2]; c = 1 }
        """;
    assertThat(eval(m, "p", null).toString()).isEqualTo("{1: 1}");
    assertThat(eval(m, "q", null)).isEqualTo(Value.fromJson("[1, 2]"));
  }

  @Test
  void elseChainsAndDefaults() {
    String m =
        """
        package t
        default level := "none"
        level := "high" if input.x > 10
        else := "mid" if input.x > 5
        else := "low" if input.x > 0
        """;
    assertThat(eval(m, "level", "{\"x\": 11}")).isEqualTo(StringValue.of("high"));
    assertThat(eval(m, "level", "{\"x\": 6}")).isEqualTo(StringValue.of("mid"));
    assertThat(eval(m, "level", "{\"x\": 1}")).isEqualTo(StringValue.of("low"));
    assertThat(eval(m, "level", "{\"x\": 0}")).isEqualTo(StringValue.of("none"));
  }

  @Test
  void functionsPartialObjectsEveryAndComprehensions() {
    String m =
        """
        package t
        double(x) := y if y := x * 2
        sq(x) := x * x
        obj[k] := double(v) if some k, v in input
        all_pos if every v in input { v > 0 }
        ks := {k | input[k]}
        sq_list := [sq(v) | some v in input]
        """;
    String in = "{\"a\": 1, \"b\": 2}";
    assertThat(eval(m, "obj", in)).isEqualTo(Value.fromJson("{\"a\": 2, \"b\": 4}"));
    assertThat(eval(m, "all_pos", in)).isEqualTo(BooleanValue.TRUE);
    assertThat(eval(m, "all_pos", "{\"a\": -1}")).isNull();
    assertThat(eval(m, "ks", in).toJson()).isEqualTo("[\"a\",\"b\"]");
    assertThat(eval(m, "sq_list", in)).isEqualTo(Value.fromJson("[1, 4]"));
  }

  @Test
  void numbersAreExactAndIntegersEqualDecimals() {
    assertThat(NumberValue.parse("1")).isEqualTo(NumberValue.parse("1.0"));
    assertThat(NumberValue.parse("1").hashCode()).isEqualTo(NumberValue.parse("1.0").hashCode());
    String m = "package t\np := 0.1 + 0.2\nq := 9007199254740993 + 1\nr := 7 / 2\n";
    assertThat(eval(m, "p", null)).isEqualTo(NumberValue.parse("0.3"));
    assertThat(eval(m, "q", null).toJson()).isEqualTo("9007199254740994");
    assertThat(eval(m, "r", null)).isEqualTo(NumberValue.parse("3.5"));
    // Non-terminating quotients print as OPA's big.Float (64-bit mantissa) does.
    assertThat(eval("package t\np := 1 / 3\nq := 2 / 3\n", "p", null).toJson())
        .isEqualTo("0.33333333333333333334");
    assertThat(eval("package t\nq := 2 / 3\n", "q", null).toJson())
        .isEqualTo("0.6666666666666666667");
  }

  @Test
  void valuesHaveOpaTotalOrder() {
    List<Value> vs =
        new ArrayList<>(
            List.of(
                Value.fromJson("{}"),
                SetValue.EMPTY,
                Value.fromJson("[]"),
                StringValue.of("a"),
                NumberValue.of(1),
                BooleanValue.TRUE,
                NullValue.INSTANCE));
    vs.sort(null);
    assertThat(vs.stream().map(Value::typeName).toList())
        .containsExactly("null", "boolean", "number", "string", "array", "object", "set");
  }

  @Test
  void fromJavaAndToJavaRoundTrip() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", List.of(1, 2.5, "x", true));
    m.put("b", null);
    Value v = Value.fromJava(m);
    assertThat(v.toJson()).isEqualTo("{\"a\":[1,2.5,\"x\",true],\"b\":null}");
    assertThat(Value.fromJava(v.toJava())).isEqualTo(v);
  }

  @Test
  void conflictErrorCarriesCodeAndLocation() {
    String m = "package t\np := 1 if true\np := 2 if true\n";
    assertThatThrownBy(() -> eval(m, "p", null))
        .isInstanceOfSatisfying(
            RegoEvalException.class,
            e -> {
              assertThat(e.code()).isEqualTo("eval_conflict_error");
              assertThat(e.line()).isGreaterThan(1);
              assertThat(e.getMessage())
                  .contains("complete rules must not produce multiple outputs");
            });
  }

  @Test
  void parseErrorsCarryLineAndColumn() {
    assertThatThrownBy(() -> Rego.compile("package t\n\np := [1, 2\n"))
        .isInstanceOfSatisfying(
            RegoCompileException.class,
            e -> {
              assertThat(e.code()).isEqualTo("rego_parse_error");
              assertThat(e.line()).isEqualTo(4);
              assertThat(e.getMessage()).startsWith("4:");
            });
  }

  @Test
  void strictModeTurnsBuiltinErrorsIntoErrors() {
    CompiledPolicy p = Rego.compile("package t\np := x if x := 1 / input.d\n");
    Value in = Value.fromJson("{\"d\": 0}");
    assertThat(
            p.evaluate(in, null, Map.of(), List.of("data.t.p"), EvalOptions.defaults())
                .get("data.t.p")
                .status())
        .isEqualTo(RuleResult.Status.UNDEFINED);
    assertThatThrownBy(
            () ->
                p.evaluate(
                    in,
                    null,
                    Map.of(),
                    List.of("data.t.p"),
                    EvalOptions.defaults().withStrictBuiltinErrors(true)))
        .isInstanceOfSatisfying(
            RegoEvalException.class, e -> assertThat(e.code()).isEqualTo("eval_builtin_error"));
  }

  @Test
  void budgetStopsRunawayPolicies() {
    CompiledPolicy p =
        Rego.compile(
            """
        package t
        p := count([x | some a in numbers.range(1, 2000); some b in numbers.range(1, 2000);
                        x := a * b])
        """);
    assertThatThrownBy(
            () ->
                p.evaluate(
                    null,
                    null,
                    Map.of(),
                    List.of("data.t.p"),
                    EvalOptions.defaults().withMaxSteps(10_000)))
        .isInstanceOfSatisfying(
            RegoEvalException.class,
            e -> assertThat(e.code()).isEqualTo(RegoEvalException.BUDGET_EXCEEDED));
    assertThatThrownBy(
            () ->
                p.evaluate(
                    null,
                    null,
                    Map.of(),
                    List.of("data.t.p"),
                    EvalOptions.defaults().withMaxSteps(0).withTimeout(Duration.ofMillis(50))))
        .isInstanceOf(RegoEvalException.class)
        .hasMessageContaining("deadline");
  }

  @Test
  void absentUndefinedAndDefinedAreDistinguished() {
    CompiledPolicy p = Rego.compile("package t\np if input.x\n");
    EvalResult r =
        p.evaluate(Value.fromJson("{}"), null, Map.of(), List.of("data.t.p", "data.t.nope"), null);
    assertThat(r.get("data.t.p").status()).isEqualTo(RuleResult.Status.UNDEFINED);
    assertThat(r.get("data.t.nope").status()).isEqualTo(RuleResult.Status.ABSENT);
  }

  @Test
  void hostFunctionsPrintAndTrace() {
    List<String> printed = new ArrayList<>();
    Map<String, Value> trace = new LinkedHashMap<>();
    CompiledPolicy p =
        Rego.compile(
            """
        package t
        import rego.v1
        allow if {
          print("checking", input.id)
          input.id in lookup("ids")
        }""");
    HostFunction lookup = HostFunction.of("lookup", 1, a -> Value.fromJson("[\"a\", \"b\"]"));
    EvalOptions o = EvalOptions.defaults().withPrintSink(printed::add).withRuleTrace(trace::put);
    RuleResult r =
        p.evaluate(
                Value.fromJson("{\"id\": \"b\"}"),
                null,
                List.of(lookup),
                List.of("data.t.allow"),
                o)
            .get("data.t.allow");
    assertThat(r.isTrue()).isTrue();
    assertThat(printed).containsExactly("checking b");
    assertThat(trace).containsEntry("data.t.allow", BooleanValue.TRUE);
  }

  @Test
  void withReplacesInputDataAndFunctions() {
    String m =
        """
        package t
        p := input.x
        q := data.cfg.v
        f(x) := x + 1
        r := f(1)
        mock(x) := 100
        a := y if y := p with input.x as 7
        b := y if y := q with data.cfg.v as "over"
        c := y if y := r with f as mock
        d := y if y := count([1, 2]) with count as 9
        """;
    assertThat(eval(m, "a", "{\"x\": 1}")).isEqualTo(NumberValue.of(7));
    assertThat(eval(m, "b", null)).isEqualTo(StringValue.of("over"));
    assertThat(eval(m, "c", null)).isEqualTo(NumberValue.of(100));
    assertThat(eval(m, "d", null)).isEqualTo(NumberValue.of(9));
  }

  @Test
  void failingHostFunctionsAbortEvenInNonStrictMode() {
    CompiledPolicy p =
        Rego.compile(
            "package t\ndefault allow := true\n" + "allow := false if not input.m in rv(\"m\")\n");
    HostFunction broken =
        HostFunction.of(
            "rv",
            1,
            a -> {
              throw new IllegalStateException("RVPS unavailable");
            });
    assertThatThrownBy(
            () ->
                p.evaluate(
                    Value.fromJson("{\"m\": 1}"),
                    null,
                    List.of(broken),
                    List.of("data.t.allow"),
                    EvalOptions.defaults()))
        .isInstanceOfSatisfying(
            RegoEvalException.class,
            e -> {
              assertThat(e.code()).isEqualTo("eval_builtin_error");
              assertThat(e.getCause()).hasMessage("RVPS unavailable");
            });
  }

  @Test
  void generalQueryReturnsAllBindings() {
    List<Map<String, Value>> r =
        query("package x\np contains v if some v in [1, 2, 3]\n", "data.x.p[v]; v > 1");
    assertThat(r).hasSize(2);
    assertThat(r.get(0)).containsOnlyKeys("v");
  }

  @Test
  void sprintfFollowsGoVerbs() {
    String m =
        """
        package t
        s := sprintf("%s=%d %v %.2f %x %q %v", ["n", 42, [1, "a"], 3.14159, 255, "q", 1.5])
        """;
    assertThat(eval(m, "s", null)).isEqualTo(StringValue.of("n=42 [1, \"a\"] 3.14 ff \"q\" 1.5"));
  }

  @Test
  void oneCompiledPolicyServesConcurrentEvaluations() throws Exception {
    CompiledPolicy p =
        Rego.compile(
            """
        package t
        allow if { count({x | some x in input.xs; x > input.min}) == input.want }
        """);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i % 10;
        results.add(
            pool.submit(
                () ->
                    p.evaluate(
                            Value.fromJson(
                                "{\"xs\": [0,1,2,3,4,5,6,7,8,9], \"min\": "
                                    + n
                                    + ", \"want\": "
                                    + (9 - n)
                                    + "}"),
                            null,
                            Map.of(),
                            List.of("data.t.allow"),
                            null)
                        .get("data.t.allow")
                        .isTrue()));
      }
      for (var f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void compiledPoliciesAreCachedByText() {
    String m = "package t\np := 1\n";
    assertThat(Rego.compile(m)).isSameAs(Rego.compile(m));
    assertThat(Rego.compile(m).sha256()).hasSize(64);
  }
}
