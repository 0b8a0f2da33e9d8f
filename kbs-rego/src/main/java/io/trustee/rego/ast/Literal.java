package io.trustee.rego.ast;

import java.util.List;

/**
 * One literal of a body: an expression, possibly negated with {@code not}, with optional {@code
 * with} modifiers. Immutable.
 */
public record Literal(Expr expr, boolean negated, List<With> withs, int line, int col) {
  /** A {@code with target as value} modifier; target is an {@code input} or {@code data} ref. */
  public record With(Term target, Term value) {}
}
