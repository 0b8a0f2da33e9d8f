/**
 * Compilation and evaluation: name resolution and safety reordering of parsed modules, the package
 * tree of rules, and the backtracking top-down evaluator. A compiled {@link
 * io.trustee.rego.eval.Program} is immutable and thread-safe; each evaluation creates its own
 * single-threaded {@link io.trustee.rego.eval.Evaluator}.
 */
package io.trustee.rego.eval;
