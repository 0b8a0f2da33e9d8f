package io.trustee.rego.eval;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Rule;
import io.trustee.rego.ast.Term;
import io.trustee.rego.eval.Evaluator.VK;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * References for one {@link Evaluator}: dereferencing {@code x.y[z]} with iteration over unbound
 * keys, the {@code data} tree that merges base documents with rule values (so {@code data.a.b}
 * finds a rule, a package or a base document), and collection lookup and iteration in OPA's sorted
 * order. Single-use with its evaluator; not thread-safe.
 */
final class RefEvaluator {
  private final Evaluator ev;

  RefEvaluator(Evaluator ev) {
    this.ev = ev;
  }

  /** A continuation over a (key, value) pair of a collection; false stops the search. */
  interface EK {
    boolean go(Value key, Value val);
  }

  boolean evalRef(Term.Ref r, Env env, VK k) {
    Term h = r.head();
    if (h instanceof Term.Var v) {
      Value b = env.get(v.name());
      if (b != null) {
        return deref(b, r.ops(), 0, env, k);
      }
      if (v.name().equals("data")) {
        return dataRef(r.ops(), 0, ev.prog.root, ev.data, env, k);
      }
      if (v.name().equals("input")) {
        return ev.input == null || deref(ev.input, r.ops(), 0, env, k);
      }
    }
    return ev.evalTerm(h, env, hv -> deref(hv, r.ops(), 0, env, k));
  }

  private static boolean isUnboundVar(Term t, Env env) {
    return t instanceof Term.Var v && env.get(v.name()) == null && !Safety.isRoot(v.name());
  }

  private boolean deref(Value v, List<Term> ops, int i, Env env, VK k) {
    return deref(v, ops, i, env, k, false);
  }

  /** Dereferences; in data mode an integer key also finds the same number as a string key. */
  private boolean deref(Value v, List<Term> ops, int i, Env env, VK k, boolean dataMode) {
    if (i == ops.size()) {
      return k.go(v);
    }
    Term op = ops.get(i);
    if (isUnboundVar(op, env)) {
      String name = ((Term.Var) op).name();
      return iterate(
          v,
          (key, val) -> {
            env.put(name, key);
            try {
              return deref(val, ops, i + 1, env, k, dataMode);
            } finally {
              env.remove(name);
            }
          });
    }
    if (Unifier.isPattern(op, env)) {
      return iterate(
          v,
          (key, val) ->
              ev.unifier.bindPattern(op, key, env, () -> deref(val, ops, i + 1, env, k, dataMode)));
    }
    return ev.evalTerm(
        op,
        env,
        key -> {
          Value child = lookup(v, key);
          if (child == null
              && dataMode
              && v instanceof ObjectValue o
              && key instanceof NumberValue n
              && n.isInteger()) {
            child = o.get(StringValue.of(n.text()));
          }
          return child == null || deref(child, ops, i + 1, env, k, dataMode);
        });
  }

  static Value lookup(Value v, Value key) {
    if (v instanceof ObjectValue o) {
      return o.get(key);
    }
    if (v instanceof ArrayValue a) {
      if (key instanceof NumberValue n && n.isInteger()) {
        Integer idx = n.intValueExact();
        if (idx != null && idx >= 0 && idx < a.size()) {
          return a.get(idx);
        }
      }
      return null;
    }
    if (v instanceof SetValue s) {
      return s.contains(key) ? key : null;
    }
    return null;
  }

  /** Calls {@code k} for each (key, value) of a collection; returns false if stopped. */
  static boolean iterate(Value v, EK k) {
    if (v instanceof ArrayValue a) {
      for (int i = 0; i < a.size(); i++) {
        if (!k.go(NumberValue.of(i), a.get(i))) {
          return false;
        }
      }
    } else if (v instanceof ObjectValue o) {
      for (Value key : o.sortedKeys()) {
        if (!k.go(key, o.get(key))) {
          return false;
        }
      }
    } else if (v instanceof SetValue s) {
      for (Value e : s.sorted()) {
        if (!k.go(e, e)) {
          return false;
        }
      }
    }
    return true;
  }

  boolean dataRef(List<Term> ops, int i, PkgNode node, Value base, Env env, VK k) {
    if (node == null) {
      return base == null || deref(base, ops, i, env, k, true);
    }
    if (i == ops.size()) {
      return k.go(materialize(node, base));
    }
    Term op = ops.get(i);
    if (isUnboundVar(op, env)) {
      String name = ((Term.Var) op).name();
      Set<Value> keys = new TreeSet<>();
      node.rules.forEach(
          (n, rs) -> {
            if (rs.kind != Rule.Kind.FUNCTION) {
              keys.add(StringValue.of(n));
            }
          });
      node.children.keySet().forEach(n -> keys.add(StringValue.of(n)));
      if (base instanceof ObjectValue o) {
        keys.addAll(o.asMap().keySet());
      }
      for (Value key : keys) {
        env.put(name, key);
        try {
          if (!dataStep(key, ops, i, node, base, env, k)) {
            return false;
          }
        } finally {
          env.remove(name);
        }
      }
      return true;
    }
    return ev.evalTerm(op, env, key -> dataStep(key, ops, i, node, base, env, k));
  }

  private boolean dataStep(
      Value key, List<Term> ops, int i, PkgNode node, Value base, Env env, VK k) {
    if (key instanceof NumberValue n
        && n.isInteger()
        && base instanceof ObjectValue bo
        && bo.get(key) == null) {
      key = StringValue.of(n.text());
    }
    if (key instanceof StringValue s) {
      RuleSet rs = node.rules.get(s.value());
      Value inBase = lookup(base, key);
      if (rs != null && inBase != null) {
        return deref(inBase, ops, i + 1, env, k);
      }
      if (rs != null) {
        if (rs.kind == Rule.Kind.FUNCTION) {
          return true;
        }
        Value rv = ruleTree(rs, node.children.get(s.value()));
        return rv == null || deref(rv, ops, i + 1, env, k);
      }
      PkgNode child = node.children.get(s.value());
      Value cb = lookup(base, key);
      if (child == null && cb == null) {
        return true;
      }
      return dataRef(ops, i + 1, child, cb, env, k);
    }
    Value cb = lookup(base, key);
    return cb == null || deref(cb, ops, i + 1, env, k, true);
  }

  Value materialize(PkgNode node, Value base) {
    Map<Value, Value> m = new LinkedHashMap<>();
    if (base instanceof ObjectValue o) {
      m.putAll(o.asMap());
    }
    node.rules.forEach(
        (n, rs) -> {
          if (rs.kind != Rule.Kind.FUNCTION) {
            StringValue key = StringValue.of(n);
            if (!m.containsKey(key)) {
              Value v = ruleTree(rs, node.children.get(n));
              if (v != null) {
                m.put(key, v);
              }
            }
          }
        });
    node.children.forEach(
        (n, child) -> {
          RuleSet rs = node.rules.get(n);
          if (rs != null && rs.kind != Rule.Kind.FUNCTION) {
            return;
          }
          StringValue key = StringValue.of(n);
          Value existing = m.get(key);
          if (existing == null || existing instanceof ObjectValue) {
            m.put(key, materialize(child, existing));
          }
        });
    return ObjectValue.of(m);
  }

  /**
   * The value of a rule together with the rules defined below its path ({@code p[q].r := 1} beside
   * {@code p.a.r := 2}): the objects that a rule-head reference builds merge key by key; below that
   * a rule's value belongs to the rule, so another rule may not change or extend it (an equal value
   * agrees), except that the sets of two multi-value rules at the same path unite.
   */
  private Value ruleTree(RuleSet rs, PkgNode sub) {
    Value rv = ev.rules.ruleValue(rs);
    if (sub == null) {
      return rv;
    }
    Value below = materialize(sub, null);
    if (rv == null) {
      return below instanceof ObjectValue bo && bo.size() == 0 ? null : below;
    }
    int levels = 0;
    if (!rs.defs.isEmpty()) {
      Rule r = rs.defs.get(0);
      levels =
          switch (rs.kind) {
            case OBJECT -> 1 + r.moreKeys().size();
            case SET -> r.moreKeys().size();
            default -> 0;
          };
    }
    return merge(rv, below, levels, rs);
  }

  private Value merge(Value a, Value b, int levels, RuleSet rs) {
    if (a.equals(b)) {
      return a;
    }
    if (levels > 0 && a instanceof ObjectValue oa && b instanceof ObjectValue ob) {
      Map<Value, Value> m = new LinkedHashMap<>(oa.asMap());
      ob.asMap().forEach((key, v) -> m.merge(key, v, (x, y) -> merge(x, y, levels - 1, rs)));
      return ObjectValue.of(m);
    }
    if (levels == 0
        && rs.kind == Rule.Kind.SET
        && a instanceof SetValue sa
        && b instanceof SetValue sb) {
      Set<Value> u = new java.util.LinkedHashSet<>(sa.sorted());
      u.addAll(sb.sorted());
      return SetValue.of(u);
    }
    Rule r = rs.defs.isEmpty() ? rs.defaultRule : rs.defs.get(0);
    throw ev.err(
        io.trustee.rego.RegoEvalException.CONFLICT_ERROR,
        "object keys must be unique",
        r == null ? 0 : r.line(),
        r == null ? 0 : r.col());
  }
}
