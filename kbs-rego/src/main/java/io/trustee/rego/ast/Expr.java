package io.trustee.rego.ast;

import java.util.List;

/** The expression of a literal. Immutable records. */
public sealed interface Expr {
  /** A term used as a truth test or a call (operators are calls too). */
  record TermExpr(Term term) implements Expr {}

  /** Unification {@code a = b}. */
  record Unify(Term left, Term right) implements Expr {}

  /** Assignment {@code a := b}: unification that declares the variables on the left. */
  record Assign(Term left, Term right) implements Expr {}

  /** {@code some a, b} declarations. */
  record SomeDecl(List<Term.Var> vars) implements Expr {}

  /** {@code some [key,] value in collection}; {@code key} may be null. */
  record SomeIn(Term key, Term value, Term collection) implements Expr {}

  /** {@code not { body }}: a nested body, used negated. */
  record Block(List<Literal> body) implements Expr {}

  /** {@code every [key,] value in domain { body }}; {@code key} may be null. */
  record Every(Term.Var key, Term.Var value, Term domain, List<Literal> body) implements Expr {}
}
