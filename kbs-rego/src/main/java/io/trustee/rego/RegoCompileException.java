package io.trustee.rego;

/**
 * A parse or compile error (unchecked). The message is {@code "line:col: message"}; {@link #code()}
 * is OPA's code, {@code rego_parse_error} or {@code rego_compile_error}. Immutable.
 */
public final class RegoCompileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int line;
  private final int column;

  /** Creates the exception. */
  public RegoCompileException(String code, int line, int column, String message) {
    super(line + ":" + column + ": " + message);
    this.code = code;
    this.line = line;
    this.column = column;
  }

  /** OPA's error code. */
  public String code() {
    return code;
  }

  /** 1-based line. */
  public int line() {
    return line;
  }

  /** 1-based column. */
  public int column() {
    return column;
  }
}
