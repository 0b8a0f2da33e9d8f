package io.trustee.rego;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Inputs found by the fuzz targets of this module (README "Fuzzing"), kept as regression tests:
 * each must end in the engine's typed error, never in another exception.
 */
class FuzzRegressionTest {
  /**
   * RegoCompileFuzzTest, crash-8431aa32…: a number literal whose exponent does not fit an int made
   * {@code new BigDecimal} throw NumberFormatException out of {@link Rego#compile} (an uploaded
   * policy answered with a 500 instead of a 400 with line and column).
   */
  @Test
  void numberLiteralWithHugeExponentIsACompileError() {
    assertThatThrownBy(() -> Rego.compile("package p\n\nx := 2e3846494546303\n"))
        .isInstanceOf(RegoCompileException.class)
        .hasMessageContaining("number literal out of range");
    assertThatThrownBy(() -> Rego.compile("package p\n\nx := -2e3846494546303\n"))
        .isInstanceOf(RegoCompileException.class)
        .hasMessageContaining("number literal out of range");
  }

  /** The fuzzer's own (unminimized) input of the finding above. */
  @Test
  void originalFuzzerInputIsACompileError() {
    String policy =
        new String(
            Base64.getDecoder()
                .decode(
                    "cGFja2FnZSBwb2xpY3kKCmltcG9ydCByZWdvLnYxCgpkZWZhdWx0IGFsbG93IDo9IGZkYXRhLmFsc2UK"
                        + "CnBhdGggOj1mYXVsdCBhbGxvdyA6PSBmYWxzZQoKcGF0aCA6PSBzcGxpdChkYXQmWyJyZXNydW9jZS1w"
                        + "YXRoIl0sICIvIikKCmFsbG93IGMxMzAyMzE3YWFmYWZsb3cgOj0gZmRhdGEuYWxzZQoKcGF0aCA6PWZh"
                        + "dWx0IGFsbG93IDo9IGZhbHNlCgpwYXRoIDo9IHNwbGl0KGRhdCYyZTM4NDY0OTQ1NDYzMDNmZGE4MyBz"
                        + "cGxpdChkYXQmWyJyZXNydW9jZS1wYXRoIl0sICIvIikKCmFsbG93IGMyNjA0NjM0YWFmYWYyZTM4NDZh"
                        + "ZmFmMmUzODQ2NDk0NTQ2MzAzZmRhODMgc3BsaXQoZGF0JlsicmVzcnVvKQAtcGF0aCJdLCAiLyIpCgph"
                        + "bGxvdyBjMjYwNDYzNGFhZnBvbA=="),
            StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Rego.compile(policy)).isInstanceOf(RegoCompileException.class);
  }

  /**
   * JsonUnmarshalFuzzTest, crash-3ec7f224…: {@code 123456790e2147483647} has, once its trailing
   * zero is stripped, the scale Integer.MIN_VALUE, whose {@code Math.abs} is negative; printing the
   * number then threw ArithmeticException out of {@code toString} instead of using E notation.
   */
  @Test
  void numberWithExponentNearTwoToThe31PrintsInENotation() {
    Value v = Json.parse("[1e999999999, -1e-99999, 123456790e2147483647, {\"k\": [true, null]}]");
    org.assertj.core.api.Assertions.assertThat(v.toString())
        .contains("1e+999999999", "-1e-99999", "1.2345679e+2147483655");
  }
}
