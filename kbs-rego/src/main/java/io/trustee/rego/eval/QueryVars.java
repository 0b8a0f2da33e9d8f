package io.trustee.rego.eval;

import io.trustee.rego.ast.Literal;
import java.util.Set;

/** Collects the variables of a query literal, in order of appearance. Stateless. */
public final class QueryVars {
  private QueryVars() {}

  /** Adds the variables of {@code l} to {@code out}. */
  public static void collect(Literal l, Set<String> out) {
    Safety.allVars(l, out);
  }
}
