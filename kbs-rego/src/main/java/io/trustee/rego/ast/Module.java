package io.trustee.rego.ast;

import java.util.List;

/**
 * A parsed module: its package path (without {@code data}), imports and rules. Immutable.
 *
 * @param packagePath e.g. ["policy"] for {@code package policy}
 * @param imports imports other than {@code rego.v1} and {@code future.keywords}
 */
public record Module(
    List<String> packagePath, List<Import> imports, List<Rule> rules, String file) {

  /** {@code import <path> [as alias]}; path starts with data or input. */
  public record Import(Term.Ref path, String alias) {}
}
