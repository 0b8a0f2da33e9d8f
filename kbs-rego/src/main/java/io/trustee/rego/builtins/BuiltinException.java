package io.trustee.rego.builtins;

import io.trustee.rego.RegoEvalException;
import io.trustee.rego.Value;

/**
 * A builtin failed: {@code eval_type_error} for operand types, {@code eval_builtin_error} for
 * anything else. The evaluator turns it into undefined (default) or an error (strict mode).
 * Immutable.
 */
public final class BuiltinException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  BuiltinException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** The OPA error code. */
  public String code() {
    return code;
  }

  static BuiltinException type(int operand, String expected, Value got) {
    return new BuiltinException(
        RegoEvalException.TYPE_ERROR,
        "operand " + operand + " must be " + expected + " but got " + got.typeName());
  }

  static BuiltinException type(String msg) {
    return new BuiltinException(RegoEvalException.TYPE_ERROR, msg);
  }

  static BuiltinException error(String msg) {
    return new BuiltinException(RegoEvalException.BUILTIN_ERROR, msg);
  }
}
