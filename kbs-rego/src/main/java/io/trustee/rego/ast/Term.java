package io.trustee.rego.ast;

import io.trustee.rego.Value;
import java.util.List;

/** A Rego term. Immutable records; {@code line}/{@code col} are 1-based source positions. */
public sealed interface Term {
  /** Source line. */
  int line();

  /** Source column. */
  int col();

  /** A constant (null, boolean, number or string, or a ground composite folded by the compiler). */
  record Scalar(Value value, int line, int col) implements Term {}

  /** A variable, or before resolution any bare identifier. */
  record Var(String name, int line, int col) implements Term {
    /** True for the wildcard and compiler-generated wildcard names. */
    public boolean isWildcard() {
      return name.startsWith("_");
    }
  }

  /** A reference {@code head.op[op]...}; dot operands are string scalars. */
  record Ref(Term head, List<Term> ops, int line, int col) implements Term {}

  /** An array literal. */
  record ArrayLit(List<Term> items, int line, int col) implements Term {}

  /** A set literal. */
  record SetLit(List<Term> items, int line, int col) implements Term {}

  /** An object literal with parallel key and value lists. */
  record ObjectLit(List<Term> keys, List<Term> values, int line, int col) implements Term {}

  /** Comprehension kinds. */
  enum ComprKind {
    ARRAY,
    SET,
    OBJECT
  }

  /** A comprehension; {@code key} is only used by object comprehensions. */
  record Compr(ComprKind kind, Term key, Term value, List<Literal> body, int line, int col)
      implements Term {}

  /**
   * A call of a builtin, user function or host function. {@code name} is a dotted name such as
   * {@code count}, {@code object.union_n} or, after resolution, {@code data.pkg.f}.
   */
  record Call(String name, List<Term> args, int line, int col) implements Term {}
}
