package io.trustee.rego.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.rego.CompiledPolicy;
import io.trustee.rego.EvalOptions;
import io.trustee.rego.Rego;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.StringValue;
import io.trustee.rego.builtins.BuiltinException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target: the Rego builtin {@code json.unmarshal} evaluated in a policy on a string from the
 * input (claims and request data are attacker-influenced), and the result written back as JSON.
 * Typed errors: RegoEvalException and BuiltinException.
 */
class JsonUnmarshalFuzzTest {
  private static final CompiledPolicy POLICY =
      Rego.compile(
          "package fuzz\n\nv := json.unmarshal(input)\n\nok if is_string(json.marshal(v))\n");

  @FuzzTest(maxExecutions = 50_000, maxDuration = "20s")
  void jsonUnmarshal(byte[] data) {
    if (data.length > FuzzProperty.MAX_BODY) {
      return;
    }
    String text = new String(data, StandardCharsets.UTF_8);
    FuzzProperty.onlyTypedErrors(
        "json.unmarshal",
        () ->
            POLICY
                .evaluate(
                    StringValue.of(text),
                    null,
                    Map.of(),
                    List.of("data.fuzz.v", "data.fuzz.ok"),
                    (EvalOptions) null)
                .toString(),
        RegoEvalException.class,
        BuiltinException.class);
  }
}
