package io.trustee.rego.ast;

import io.trustee.rego.Value;
import java.util.List;
import java.util.Map;

/**
 * A parsed module: its package path (without {@code data}), imports and rules, and the {@code #
 * METADATA} annotations of its package and rules. Immutable.
 *
 * @param packagePath e.g. ["policy"] for {@code package policy}
 * @param imports imports other than {@code rego.v1} and {@code future.keywords}
 * @param packageAnnotation the annotations of the package statement (an object with its {@code
 *     scope}), or null
 * @param ruleAnnotations the annotations of rule definitions, by {@link #ruleKey} of the rule
 */
public record Module(
    List<String> packagePath,
    List<Import> imports,
    List<Rule> rules,
    String file,
    Value packageAnnotation,
    Map<String, Value> ruleAnnotations) {

  /** A module without annotations. */
  public Module(List<String> packagePath, List<Import> imports, List<Rule> rules, String file) {
    this(packagePath, imports, rules, file, null, Map.of());
  }

  /** The key of a rule definition in {@link #ruleAnnotations}: its source position. */
  public static String ruleKey(Rule r) {
    return r.line() + ":" + r.col();
  }

  /** {@code import <path> [as alias]}; path starts with data or input. */
  public record Import(Term.Ref path, String alias) {}
}
