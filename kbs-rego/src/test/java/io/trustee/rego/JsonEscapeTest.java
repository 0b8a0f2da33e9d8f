package io.trustee.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.rego.parse.JsonEscape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON string-escape decoder and its three users (Rego lexer, JSON, YAML). */
class JsonEscapeTest {
  private static int decode(String s, int pos, StringBuilder out) {
    return JsonEscape.decode(s, pos, out);
  }

  @Test
  void decodesEverySimpleEscapeAndUnicode() {
    StringBuilder sb = new StringBuilder();
    String s = "\"\\/bfnrtu00e9";
    int pos = 0;
    while (pos < s.length()) {
      pos = decode(s, pos, sb);
    }
    assertThat(sb.toString()).isEqualTo("\"\\/\b\f\n\r\té");
  }

  @Test
  void truncatedOrNonHexUnicodeEscapesAreErrorsNotIndexExceptions() {
    assertThatThrownBy(() -> decode("u12", 0, new StringBuilder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad unicode escape");
    assertThatThrownBy(() -> decode("u", 0, new StringBuilder())).hasMessage("bad unicode escape");
    assertThatThrownBy(() -> decode("u+041", 0, new StringBuilder()))
        .hasMessage("bad unicode escape");
    assertThatThrownBy(() -> decode("", 0, new StringBuilder())).hasMessage("bad escape");
    assertThatThrownBy(() -> decode("x", 0, new StringBuilder()))
        .hasMessage("illegal escape sequence \\x");
    assertThat(JsonEscape.hex4("12", 0)).isEqualTo(-1);
    assertThat(JsonEscape.hex4("00Ff", 0)).isEqualTo(0xff);
  }

  @Test
  void jsonReaderRejectsTruncatedEscape() {
    assertThatThrownBy(() -> Value.fromJson("\"\\u12\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad unicode escape");
    assertThat(Value.fromJson("\"\\u0041\\n\"")).isEqualTo(StringValue.of("A\n"));
  }

  @Test
  void regoLexerRejectsTruncatedEscape() {
    assertThatThrownBy(() -> Rego.compile("package t\nx := \"\\u12\"\n"))
        .isInstanceOf(RegoCompileException.class)
        .hasMessageContaining("bad unicode escape");
  }

  @Test
  void yamlReaderRejectsTruncatedEscapeAsABuiltinError() {
    CompiledPolicy p = Rego.compile("package t\nimport rego.v1\nx := yaml.unmarshal(input.y)\n");
    Value in = Value.fromJson("{\"y\": \"a: \\\"\\\\u12\\\"\"}");
    assertThatThrownBy(
            () ->
                p.evaluate(
                    in,
                    null,
                    Map.of(),
                    List.of("data.t.x"),
                    EvalOptions.defaults().withStrictBuiltinErrors(true)))
        .isInstanceOfSatisfying(
            RegoEvalException.class,
            e -> {
              assertThat(e.code()).isEqualTo("eval_builtin_error");
              assertThat(e.getMessage()).contains("did not find expected hexdecimal number");
            });
    Value ok = Value.fromJson("{\"y\": \"a: \\\"\\\\u0041\\\"\"}");
    assertThat(p.evaluate(ok, null, Map.of(), List.of("data.t.x"), null).get("data.t.x").value())
        .contains(Value.fromJson("{\"a\": \"A\"}"));
  }
}
