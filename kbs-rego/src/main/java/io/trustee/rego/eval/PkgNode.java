package io.trustee.rego.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/** A node of the virtual document tree: child packages and rules. Read-only after compile. */
final class PkgNode {
  final Map<String, PkgNode> children = new LinkedHashMap<>();
  final Map<String, RuleSet> rules = new LinkedHashMap<>();

  PkgNode child(String name) {
    return children.computeIfAbsent(name, n -> new PkgNode());
  }
}
