package io.trustee.rego;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Evaluation options. Immutable; the {@code with*} methods return modified copies.
 *
 * @param strictBuiltinErrors abort on the first builtin error instead of treating the call as
 *     undefined (OPA's {@code strict-builtin-errors})
 * @param maxSteps step budget (literals and rule evaluations); 0 means unlimited
 * @param timeout wall-clock budget; null means none
 * @param printSink receives {@code print} output lines; null discards them
 * @param ruleTrace receives (rule path, value) each time a rule is evaluated; the value is null
 *     when the rule is undefined; null disables tracing
 */
public record EvalOptions(
    boolean strictBuiltinErrors,
    long maxSteps,
    Duration timeout,
    Consumer<String> printSink,
    BiConsumer<String, Value> ruleTrace) {

  /** Non-strict, 10 million steps, no timeout, no print, no trace. */
  public static EvalOptions defaults() {
    return new EvalOptions(false, 10_000_000L, null, null, null);
  }

  /** Copy with strict builtin errors on or off. */
  public EvalOptions withStrictBuiltinErrors(boolean strict) {
    return new EvalOptions(strict, maxSteps, timeout, printSink, ruleTrace);
  }

  /** Copy with a step budget (0 = unlimited). */
  public EvalOptions withMaxSteps(long steps) {
    return new EvalOptions(strictBuiltinErrors, steps, timeout, printSink, ruleTrace);
  }

  /** Copy with a wall-clock budget. */
  public EvalOptions withTimeout(Duration d) {
    return new EvalOptions(strictBuiltinErrors, maxSteps, d, printSink, ruleTrace);
  }

  /** Copy with a print sink. */
  public EvalOptions withPrintSink(Consumer<String> sink) {
    return new EvalOptions(strictBuiltinErrors, maxSteps, timeout, sink, ruleTrace);
  }

  /** Copy with a rule trace hook. */
  public EvalOptions withRuleTrace(BiConsumer<String, Value> trace) {
    return new EvalOptions(strictBuiltinErrors, maxSteps, timeout, printSink, trace);
  }
}
