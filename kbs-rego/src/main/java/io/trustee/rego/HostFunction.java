package io.trustee.rego;

import java.util.List;
import java.util.function.Function;

/**
 * A function supplied by the caller at evaluation time, such as Trustee's {@code
 * query_reference_value(id)}. Policies call it by {@link #name()} with {@link #arity()} arguments.
 * Returning {@code null} makes the call undefined; throwing aborts the evaluation with a {@link
 * RegoEvalException} ({@code eval_builtin_error}, the exception as cause) in both strict and
 * non-strict mode, so that a failing backend never silently changes a decision. Implementations
 * must be thread-safe if the same instance is used by concurrent evaluations.
 */
public interface HostFunction {
  /** The name policies use, e.g. {@code query_reference_value}. */
  String name();

  /** The number of arguments. */
  int arity();

  /** Calls the function; null means undefined. */
  Value call(List<Value> args);

  /** A host function from a lambda. */
  static HostFunction of(String name, int arity, Function<List<Value>, Value> fn) {
    return new HostFunction() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int arity() {
        return arity;
      }

      @Override
      public Value call(List<Value> args) {
        return fn.apply(args);
      }
    };
  }
}
