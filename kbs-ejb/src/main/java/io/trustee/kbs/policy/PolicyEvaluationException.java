package io.trustee.kbs.policy;

/**
 * A policy could not be compiled or evaluated (syntax error, runtime type error, builtin error,
 * conflict, budget exceeded). The message carries OPA's error code and the line and column.
 */
public class PolicyEvaluationException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean compileError;

  public PolicyEvaluationException(String message, boolean compileError, Throwable cause) {
    super(message, cause);
    this.compileError = compileError;
  }

  /** True if the policy text itself does not compile (as opposed to failing at run time). */
  public boolean isCompileError() {
    return compileError;
  }
}
