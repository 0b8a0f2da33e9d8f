package io.trustee.rego.eval;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Term;
import io.trustee.rego.eval.Evaluator.K;
import java.util.ArrayList;
import java.util.List;

/**
 * Unification for one {@link Evaluator}: {@code =} and {@code :=} between terms, and binding
 * patterns (variables, array and object literals with unbound parts) to values, undoing every
 * binding when the continuation returns. Single-use with its evaluator; not thread-safe.
 */
final class Unifier {
  private final Evaluator ev;

  Unifier(Evaluator ev) {
    this.ev = ev;
  }

  static boolean isPattern(Term t, Env env) {
    if (t instanceof Term.Var v) {
      return !Safety.isRoot(v.name()) && env.get(v.name()) == null;
    }
    if (t instanceof Term.ArrayLit a) {
      for (Term e : a.items()) {
        if (isPattern(e, env)) {
          return true;
        }
      }
    } else if (t instanceof Term.ObjectLit o) {
      for (Term e : o.values()) {
        if (isPattern(e, env)) {
          return true;
        }
      }
    }
    return false;
  }

  boolean unify(Term a, Term b, Env env, K k) {
    boolean pa = isPattern(a, env);
    boolean pb = isPattern(b, env);
    if (pa && !pb) {
      return ev.evalTerm(b, env, v -> bindPattern(a, v, env, k));
    }
    if (pb && !pa) {
      return ev.evalTerm(a, env, v -> bindPattern(b, v, env, k));
    }
    if (pa) {
      if (a instanceof Term.ArrayLit x
          && b instanceof Term.ArrayLit y
          && x.items().size() == y.items().size()) {
        return unifyAll(x.items(), y.items(), 0, env, k);
      }
      if (a instanceof Term.ObjectLit x
          && b instanceof Term.ObjectLit y
          && x.keys().size() == y.keys().size()) {
        List<Term> xs = new ArrayList<>();
        List<Term> ys = new ArrayList<>();
        List<Value> yk = new ArrayList<>();
        for (Term t : y.keys()) {
          yk.add(first(t, env));
        }
        for (int i = 0; i < x.keys().size(); i++) {
          int j = yk.indexOf(first(x.keys().get(i), env));
          if (j < 0) {
            return true;
          }
          xs.add(x.values().get(i));
          ys.add(y.values().get(j));
        }
        return unifyAll(xs, ys, 0, env, k);
      }
      if (!(a instanceof Term.Var) || !(b instanceof Term.Var)) {
        return true;
      }
      throw ev.err(
          RegoEvalException.INTERNAL_ERROR,
          "var " + Evaluator.displayName(((Term.Var) a).name()) + " is unsafe",
          a.line(),
          a.col());
    }
    return ev.evalTerm(a, env, va -> ev.evalTerm(b, env, vb -> !va.equals(vb) || k.go()));
  }

  private Value first(Term t, Env env) {
    Value[] out = new Value[1];
    ev.evalTerm(
        t,
        env,
        v -> {
          out[0] = v;
          return false;
        });
    return out[0];
  }

  private boolean unifyAll(List<Term> xs, List<Term> ys, int i, Env env, K k) {
    if (i == xs.size()) {
      return k.go();
    }
    return unify(xs.get(i), ys.get(i), env, () -> unifyAll(xs, ys, i + 1, env, k));
  }

  boolean bindPattern(Term p, Value v, Env env, K k) {
    if (p instanceof Term.Var var && !Safety.isRoot(var.name())) {
      Value cur = env.get(var.name());
      if (cur != null) {
        return !cur.equals(v) || k.go();
      }
      env.put(var.name(), v);
      try {
        return k.go();
      } finally {
        env.remove(var.name());
      }
    }
    if (p instanceof Term.ArrayLit a && isPattern(p, env)) {
      if (!(v instanceof ArrayValue av) || av.size() != a.items().size()) {
        return true;
      }
      return bindSeq(a.items(), av, 0, env, k);
    }
    if (p instanceof Term.ObjectLit o && isPattern(p, env)) {
      if (!(v instanceof ObjectValue ov) || ov.size() != o.keys().size()) {
        return true;
      }
      return bindObj(o, ov, 0, env, k);
    }
    return ev.evalTerm(p, env, pv -> !pv.equals(v) || k.go());
  }

  private boolean bindSeq(List<Term> items, ArrayValue av, int i, Env env, K k) {
    if (i == items.size()) {
      return k.go();
    }
    return bindPattern(items.get(i), av.get(i), env, () -> bindSeq(items, av, i + 1, env, k));
  }

  private boolean bindObj(Term.ObjectLit o, ObjectValue ov, int i, Env env, K k) {
    if (i == o.keys().size()) {
      return k.go();
    }
    return ev.evalTerm(
        o.keys().get(i),
        env,
        kv -> {
          Value x = ov.get(kv);
          return x == null
              || bindPattern(o.values().get(i), x, env, () -> bindObj(o, ov, i + 1, env, k));
        });
  }
}
