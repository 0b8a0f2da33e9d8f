package io.trustee.rego.eval;

import io.trustee.rego.ast.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * All definitions of one rule path (e.g. {@code policy.allow}) plus its default. Mutable only while
 * the compiler builds it; read-only afterwards, hence safe to share between threads.
 */
public final class RuleSet {
  final String path;
  final Rule.Kind kind;
  final List<Rule> defs = new ArrayList<>();
  Rule defaultRule;
  int arity = -1;

  RuleSet(String path, Rule.Kind kind) {
    this.path = path;
    this.kind = kind;
  }

  /** The dotted path without {@code data.}. */
  public String path() {
    return path;
  }

  /** The rule kind. */
  public Rule.Kind kind() {
    return kind;
  }
}
