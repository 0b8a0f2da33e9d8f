package io.trustee.rego.ast;

import java.util.List;

/**
 * One rule definition. {@code elseRule} chains {@code else} branches. For set rules {@code key} is
 * the element; for object rules {@code key}/{@code value} the entry, and {@code moreKeys} the
 * further keys of a rule-head reference such as {@code p[x][y] := v} (empty otherwise); for
 * functions {@code args} are the parameter terms. Immutable.
 */
public record Rule(
    Kind kind,
    String name,
    List<Term> args,
    Term key,
    List<Term> moreKeys,
    Term value,
    List<Literal> body,
    Rule elseRule,
    boolean isDefault,
    String file,
    int line,
    int col) {

  /** Rule kinds. */
  public enum Kind {
    COMPLETE,
    SET,
    OBJECT,
    FUNCTION
  }

  /** A copy with another body, value and else chain. */
  public Rule with(
      List<Term> args,
      Term key,
      List<Term> moreKeys,
      Term value,
      List<Literal> body,
      Rule elseRule) {
    return new Rule(
        kind, name, args, key, moreKeys, value, body, elseRule, isDefault, file, line, col);
  }
}
