package io.trustee.rego;

/**
 * An evaluation error (unchecked), with OPA's error code: {@code eval_type_error}, {@code
 * eval_builtin_error}, {@code eval_conflict_error}, {@code eval_budget_exceeded} or {@code
 * eval_internal_error}. The message follows OPA: {@code "file:line: code: message"}. Immutable.
 */
public final class RegoEvalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Type error in a builtin operand. */
  public static final String TYPE_ERROR = "eval_type_error";

  /** A builtin failed. */
  public static final String BUILTIN_ERROR = "eval_builtin_error";

  /** A rule or function produced several values. */
  public static final String CONFLICT_ERROR = "eval_conflict_error";

  /** The step budget or deadline was exceeded. */
  public static final String BUDGET_EXCEEDED = "eval_budget_exceeded";

  /** Anything else (unsafe variables at run time, recursion, unknown function...). */
  public static final String INTERNAL_ERROR = "eval_internal_error";

  private final String code;
  private final String detail;
  private final int line;
  private final int column;

  /** Creates the exception. */
  public RegoEvalException(String code, String detail, String file, int line, int column) {
    super((file == null ? "" : file + ":") + line + ": " + code + ": " + detail);
    this.code = code;
    this.detail = detail;
    this.line = line;
    this.column = column;
  }

  /** OPA's error code. */
  public String code() {
    return code;
  }

  /** The message without location and code. */
  public String detail() {
    return detail;
  }

  /** 1-based line (0 if unknown). */
  public int line() {
    return line;
  }

  /** 1-based column (0 if unknown). */
  public int column() {
    return column;
  }
}
