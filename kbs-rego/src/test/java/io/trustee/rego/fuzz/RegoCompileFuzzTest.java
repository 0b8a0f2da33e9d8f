package io.trustee.rego.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.rego.Rego;
import io.trustee.rego.RegoCompileException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target: the Rego lexer, parser and compiler, as an uploaded policy reaches them ({@link
 * Rego#compile}). Typed error: RegoCompileException.
 */
class RegoCompileFuzzTest {
  @FuzzTest(maxExecutions = 10_000, maxDuration = "20s")
  void regoCompile(byte[] data) {
    if (data.length > FuzzProperty.MAX_BODY) {
      return;
    }
    String policy = new String(data, StandardCharsets.UTF_8);
    FuzzProperty.onlyTypedErrors(
        "Rego.compile", () -> Rego.compile(policy).packagePath(), RegoCompileException.class);
  }
}
