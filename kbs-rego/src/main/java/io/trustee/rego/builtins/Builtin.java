package io.trustee.rego.builtins;

import io.trustee.rego.Value;

/** A builtin implementation: returns the result, or null for undefined. Thread-safe. */
@FunctionalInterface
public interface Builtin {
  /** Applies the builtin to its (already evaluated) operands. */
  Value apply(Value[] args);
}
