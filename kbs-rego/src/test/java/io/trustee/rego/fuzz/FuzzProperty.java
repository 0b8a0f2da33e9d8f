package io.trustee.rego.fuzz;

import java.util.Arrays;

/**
 * The property every fuzz target checks: the engine either returns or throws one of its own typed
 * errors; any other {@link Throwable} (NPE, index/cast errors, StackOverflowError,
 * OutOfMemoryError, …) is a finding and is rethrown as an {@link AssertionError} naming the step.
 * (kbs-ejb has the same helper for its parsers; the modules do not share test code.)
 */
final class FuzzProperty {
  /** The largest request body the KBS accepts (policies are uploaded through it). */
  static final int MAX_BODY = 2 * 1024 * 1024;

  private FuzzProperty() {}

  @FunctionalInterface
  interface Step {
    void run() throws Throwable;
  }

  @SafeVarargs
  static void onlyTypedErrors(String step, Step body, Class<? extends Throwable>... typed) {
    try {
      body.run();
    } catch (Throwable t) {
      for (Class<? extends Throwable> c : typed) {
        if (c.isInstance(t)) {
          return;
        }
      }
      throw new AssertionError(
          step
              + " let an untyped "
              + t.getClass().getName()
              + " escape (allowed: "
              + Arrays.stream(typed).map(Class::getSimpleName).toList()
              + ")",
          t);
    }
  }
}
