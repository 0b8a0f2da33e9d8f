package io.trustee.kbs.fuzz;

import java.util.Arrays;

/**
 * The one property every fuzz target checks: a parser of untrusted input either returns or throws
 * one of its own typed errors. Anything else that escapes (a {@link NullPointerException}, an
 * {@link IndexOutOfBoundsException}, a {@link ClassCastException}, a {@link StackOverflowError}, an
 * {@link OutOfMemoryError}, …) is a finding: it is rethrown as an {@link AssertionError} that names
 * the parser, so that Jazzer records the input and the build fails.
 */
public final class FuzzProperty {
  /** The largest request body the KBS accepts (the 2 MiB default of every transport). */
  public static final int MAX_BODY = 2 * 1024 * 1024;

  private FuzzProperty() {}

  /** The parse step of a target; may throw anything. */
  @FunctionalInterface
  public interface Step {
    void run() throws Throwable;
  }

  /**
   * Runs {@code step}; returns normally when it returns or throws an instance of one of {@code
   * typed}, and throws {@link AssertionError} for any other {@link Throwable}.
   */
  @SafeVarargs
  public static void onlyTypedErrors(
      String parser, Step step, Class<? extends Throwable>... typed) {
    try {
      step.run();
    } catch (Throwable t) {
      for (Class<? extends Throwable> c : typed) {
        if (c.isInstance(t)) {
          return;
        }
      }
      throw new AssertionError(
          parser
              + " let an untyped "
              + t.getClass().getName()
              + " escape (allowed: "
              + Arrays.stream(typed).map(Class::getSimpleName).toList()
              + ")",
          t);
    }
  }
}
