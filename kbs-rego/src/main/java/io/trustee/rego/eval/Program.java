package io.trustee.rego.eval;

import io.trustee.rego.EvalOptions;
import io.trustee.rego.HostFunction;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Module;
import io.trustee.rego.ast.Rule;
import java.util.List;
import java.util.Map;

/** A compiled set of modules: rules by path and the package tree. Immutable and thread-safe. */
public final class Program {
  final Map<String, RuleSet> rules;
  final PkgNode root;
  private final List<Module> modules;

  Program(Map<String, RuleSet> rules, PkgNode root, List<Module> modules) {
    this.rules = Map.copyOf(rules);
    this.root = root;
    this.modules = List.copyOf(modules);
  }

  /** The parsed modules. */
  public List<Module> modules() {
    return modules;
  }

  /**
   * True if a package, a rule, or a path below a rule exists at the dotted path (without {@code
   * data.}).
   */
  public boolean hasPath(String dotted) {
    if (dotted.isEmpty()) {
      return true;
    }
    PkgNode n = root;
    for (String seg : dotted.split("\\.")) {
      if (n.rules.containsKey(seg)) {
        return true;
      }
      n = n.children.get(seg);
      if (n == null) {
        return false;
      }
    }
    return true;
  }

  /** The kind of the rule at a dotted path, or null. */
  public Rule.Kind kindOf(String dotted) {
    RuleSet rs = rules.get(dotted);
    return rs == null ? null : rs.kind;
  }

  /** A fresh single-use evaluator. */
  public Evaluator newEvaluator(
      Value input, Value data, Map<String, HostFunction> hosts, EvalOptions options) {
    return new Evaluator(this, input, data, hosts, options);
  }
}
