package io.trustee.rego.eval;

import io.trustee.rego.ObjectValue;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Literal;
import io.trustee.rego.ast.Rule;
import io.trustee.rego.ast.Term;
import io.trustee.rego.builtins.Builtins;
import io.trustee.rego.eval.Evaluator.K;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code with} modifier for one {@link Evaluator}: replaces {@code input}, base or virtual
 * {@code data} documents, or functions (builtins, user and host functions) for the duration of one
 * literal, restoring the previous state around the continuation. Not thread-safe.
 */
final class WithModifiers {
  private final Evaluator ev;

  WithModifiers(Evaluator ev) {
    this.ev = ev;
  }

  boolean evalWith(Literal l, Env env, K k) {
    Value oldInput = ev.input;
    Value oldData = ev.data;
    Map<String, Object> oldCache = ev.cache;
    Map<String, Value> oldOverrides = ev.overrides;
    Value newInput = ev.input;
    Value newData = ev.data;
    Map<String, Value> newOverrides = new HashMap<>(ev.overrides);
    Map<String, Object> oldMocks = ev.mocks;
    Map<String, Object> newMocks = new HashMap<>(ev.mocks);
    for (Literal.With w : l.withs()) {
      if (w.target() instanceof Term.Var fv && !Safety.isRoot(fv.name())) {
        newMocks.put(fv.name(), mockFor(w.value(), env));
        continue;
      }
      Value[] v = new Value[1];
      if (!isFunctionRef(w.value())) {
        ev.evalTerm(
            w.value(),
            env,
            x -> {
              v[0] = x;
              return false;
            });
        if (v[0] == null) {
          return true;
        }
      }
      List<Value> path = new ArrayList<>();
      String root;
      if (w.target() instanceof Term.Var tv) {
        root = tv.name();
      } else if (w.target() instanceof Term.Ref r && r.head() instanceof Term.Var hv) {
        root = hv.name();
        for (Term o : r.ops()) {
          if (!(o instanceof Term.Scalar s)) {
            throw ev.err(
                RegoEvalException.INTERNAL_ERROR,
                "with target must be a ground ref",
                l.line(),
                l.col());
          }
          path.add(s.value());
        }
      } else {
        throw ev.err(
            RegoEvalException.INTERNAL_ERROR, "unsupported with target", l.line(), l.col());
      }
      String dotted = dotted(path);
      RuleSet fn = root.equals("data") ? ev.prog.rules.get(dotted) : null;
      if (fn != null && fn.kind == Rule.Kind.FUNCTION) {
        newMocks.put("data." + dotted, mockFor(w.value(), env));
        continue;
      }
      if (root.equals("input")) {
        newInput = path.isEmpty() ? v[0] : upsert(newInput, path, 0, v[0]);
      } else if (root.equals("data")) {
        newData = path.isEmpty() ? v[0] : upsert(newData, path, 0, v[0]);
        StringBuilder sb = new StringBuilder();
        for (Value p : path) {
          sb.append(sb.length() == 0 ? "" : ".")
              .append(p instanceof StringValue s ? s.value() : p.toString());
        }
        String prefix = sb.toString();
        for (String rp : ev.prog.rules.keySet()) {
          if (rp.equals(prefix)) {
            newOverrides.put(rp, v[0]);
          } else if (rp.startsWith(prefix + ".")) {
            Value sub = v[0];
            for (String seg : rp.substring(prefix.length() + 1).split("\\.")) {
              sub = sub instanceof ObjectValue o ? o.get(seg) : null;
            }
            newOverrides.put(rp, sub);
          }
        }
      } else {
        throw ev.err(
            RegoEvalException.INTERNAL_ERROR,
            "with target " + root + " not supported",
            l.line(),
            l.col());
      }
    }
    Value ni = newInput;
    Value nd = newData;
    Map<String, Object> newCache = new HashMap<>();
    Literal inner = new Literal(l.expr(), l.negated(), List.of(), l.line(), l.col());
    ev.input = ni;
    ev.data = nd;
    ev.cache = newCache;
    ev.overrides = newOverrides;
    ev.mocks = newMocks;
    try {
      return ev.evalLiteral(
          inner,
          env,
          () -> {
            ev.input = oldInput;
            ev.data = oldData;
            ev.cache = oldCache;
            ev.overrides = oldOverrides;
            ev.mocks = oldMocks;
            try {
              return k.go();
            } finally {
              ev.input = ni;
              ev.data = nd;
              ev.cache = newCache;
              ev.overrides = newOverrides;
              ev.mocks = newMocks;
            }
          });
    } finally {
      ev.input = oldInput;
      ev.data = oldData;
      ev.cache = oldCache;
      ev.overrides = oldOverrides;
      ev.mocks = oldMocks;
    }
  }

  private boolean isFunctionRef(Term t) {
    if (t instanceof Term.Ref r && r.head() instanceof Term.Var h && h.name().equals("data")) {
      StringBuilder sb = new StringBuilder();
      for (Term o : r.ops()) {
        if (!(o instanceof Term.Scalar sc && sc.value() instanceof StringValue sv)) {
          return false;
        }
        sb.append(sb.length() == 0 ? "" : ".").append(sv.value());
      }
      RuleSet rs = ev.prog.rules.get(sb.toString());
      return rs != null && rs.kind == Rule.Kind.FUNCTION;
    }
    return false;
  }

  /** A function mock: a function path/builtin name (String) or a constant Value. */
  private Object mockFor(Term value, Env env) {
    if (value instanceof Term.Ref r && r.head() instanceof Term.Var h && h.name().equals("data")) {
      StringBuilder sb = new StringBuilder("data");
      boolean ground = true;
      for (Term o : r.ops()) {
        if (o instanceof Term.Scalar sc && sc.value() instanceof StringValue sv) {
          sb.append('.').append(sv.value());
        } else {
          ground = false;
        }
      }
      RuleSet rs = ground ? ev.prog.rules.get(sb.substring(5)) : null;
      if (rs != null && rs.kind == Rule.Kind.FUNCTION) {
        return sb.toString();
      }
    }
    String fn = functionName(value, env);
    if (fn != null && (Builtins.exists(fn) || ev.hosts.containsKey(fn))) {
      return fn;
    }
    Value[] out = new Value[1];
    ev.evalTerm(
        value,
        env,
        x -> {
          out[0] = x;
          return false;
        });
    return out[0];
  }

  /** The dotted name a term spells ({@code count}, {@code object.union_n}), or null. */
  private static String functionName(Term t, Env env) {
    Term head = t instanceof Term.Ref r ? r.head() : t;
    if (!(head instanceof Term.Var v) || env.get(v.name()) != null || Safety.isRoot(v.name())) {
      return null;
    }
    if (!(t instanceof Term.Ref r)) {
      return v.name();
    }
    StringBuilder sb = new StringBuilder(v.name());
    for (Term o : r.ops()) {
      if (!(o instanceof Term.Scalar sc && sc.value() instanceof StringValue sv)) {
        return null;
      }
      sb.append('.').append(sv.value());
    }
    return sb.toString();
  }

  private static String dotted(List<Value> path) {
    StringBuilder sb = new StringBuilder();
    for (Value p : path) {
      sb.append(sb.length() == 0 ? "" : ".")
          .append(p instanceof StringValue s ? s.value() : p.toString());
    }
    return sb.toString();
  }

  private static Value upsert(Value base, List<Value> path, int i, Value v) {
    if (i == path.size()) {
      return v;
    }
    Map<Value, Value> m = new LinkedHashMap<>();
    if (base instanceof ObjectValue o) {
      m.putAll(o.asMap());
    }
    m.put(path.get(i), upsert(m.get(path.get(i)), path, i + 1, v));
    return ObjectValue.of(m);
  }
}
