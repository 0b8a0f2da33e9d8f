package io.trustee.rego.eval;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.EvalOptions;
import io.trustee.rego.HostFunction;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Expr;
import io.trustee.rego.ast.Literal;
import io.trustee.rego.ast.Term;
import io.trustee.rego.builtins.Builtins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Top-down backtracking evaluator in continuation-passing style: every evaluation step calls a
 * continuation per solution, and a continuation returning {@code false} stops the search. This
 * class holds the per-evaluation state, the step budget, and evaluates bodies, literals,
 * expressions, terms and comprehensions; the mutually recursive parts live in collaborators that
 * share this state: references and the {@code data} tree ({@link RefEvaluator}), calls of builtins,
 * user and host functions ({@link CallEvaluator}), unification ({@link Unifier}), rule values
 * memoised per evaluation ({@link RuleEvaluator}) and {@code with} ({@link WithModifiers}).
 * Single-use, not thread-safe.
 */
public final class Evaluator {
  /** A continuation over a solution; false stops the search. */
  interface K {
    boolean go();
  }

  /** A continuation over a value; false stops the search. */
  interface VK {
    boolean go(Value v);
  }

  static final Object UNDEF = new Object();

  final Program prog;
  Value input;
  Value data;
  final Map<String, HostFunction> hosts;
  final EvalOptions opts;
  Map<String, Object> cache = new HashMap<>();
  Map<String, Value> overrides = Map.of();
  Map<String, Object> mocks = Map.of();
  Value nowNs;
  final Map<List<Value>, Value> perQuery = new HashMap<>();
  final Set<String> active = new HashSet<>();
  private long steps;
  private final long deadline;
  String file = "query";
  int depth;

  final RuleEvaluator rules = new RuleEvaluator(this);
  private final WithModifiers withs = new WithModifiers(this);
  final RefEvaluator refs = new RefEvaluator(this);
  final CallEvaluator calls = new CallEvaluator(this);
  final Unifier unifier = new Unifier(this);

  Evaluator(
      Program prog, Value input, Value data, Map<String, HostFunction> hosts, EvalOptions opts) {
    this.prog = prog;
    this.input = input;
    this.data = data == null ? ObjectValue.EMPTY : data;
    this.hosts = hosts == null ? Map.of() : hosts;
    this.opts = opts == null ? EvalOptions.defaults() : opts;
    this.deadline =
        this.opts.timeout() == null
            ? Long.MAX_VALUE
            : System.nanoTime() + this.opts.timeout().toNanos();
  }

  // ------------------------------------------------------------------ entry points

  /** The value at a {@code data.}-path such as {@code data.policy.allow}; null if undefined. */
  public Value evalPath(String path) {
    String[] segs = path.split("\\.");
    if (!segs[0].equals("data")) {
      throw new IllegalArgumentException("path must start with data: " + path);
    }
    List<Term> ops = new ArrayList<>();
    for (int i = 1; i < segs.length; i++) {
      ops.add(new Term.Scalar(StringValue.of(segs[i]), 0, 0));
    }
    Value[] out = new Value[1];
    try {
      refs.dataRef(
          ops,
          0,
          prog.root,
          data,
          new Env(),
          v -> {
            out[0] = v;
            return false;
          });
    } catch (StackOverflowError e) {
      throw new RegoEvalException(RegoEvalException.INTERNAL_ERROR, "stack overflow", file, 0, 0);
    }
    return out[0];
  }

  /** All solutions of a compiled query, as bindings of the given variables. */
  public List<Map<String, Value>> query(List<Literal> body, List<String> vars) {
    List<Map<String, Value>> out = new ArrayList<>();
    Env env = new Env();
    try {
      evalBody(
          body,
          0,
          env,
          () -> {
            Map<String, Value> m = new LinkedHashMap<>();
            for (String v : vars) {
              Value b = env.get(v);
              if (b != null) {
                m.put(v, b);
              }
            }
            out.add(m);
            return true;
          });
    } catch (StackOverflowError e) {
      throw new RegoEvalException(RegoEvalException.INTERNAL_ERROR, "stack overflow", file, 0, 0);
    }
    return out;
  }

  // ------------------------------------------------------------------ errors and budget

  RegoEvalException err(String code, String msg, int line, int col) {
    return new RegoEvalException(code, msg, file, line, col);
  }

  void step(int line, int col) {
    steps++;
    if (opts.maxSteps() > 0 && steps > opts.maxSteps()) {
      throw err(
          RegoEvalException.BUDGET_EXCEEDED,
          "evaluation budget of " + opts.maxSteps() + " steps exceeded",
          line,
          col);
    }
    if ((steps & 1023) == 0 && System.nanoTime() > deadline) {
      throw err(RegoEvalException.BUDGET_EXCEEDED, "evaluation deadline exceeded", line, col);
    }
  }

  // ------------------------------------------------------------------ bodies and literals

  boolean evalBody(List<Literal> body, int i, Env env, K k) {
    if (i == body.size()) {
      return k.go();
    }
    return evalLiteral(body.get(i), env, () -> evalBody(body, i + 1, env, k));
  }

  boolean evalLiteral(Literal l, Env env, K k) {
    step(l.line(), l.col());
    if (!l.withs().isEmpty()) {
      return withs.evalWith(l, env, k);
    }
    if (l.negated()) {
      boolean found = !evalExpr(l.expr(), env, () -> false, l);
      return found || k.go();
    }
    return evalExpr(l.expr(), env, k, l);
  }

  boolean evalExpr(Expr e, Env env, K k, Literal l) {
    if (e instanceof Expr.TermExpr te) {
      Term t = te.term();
      if (t instanceof Term.Call c) {
        if (c.name().equals("print")) {
          calls.print(c, env);
          return k.go();
        }
        int ar = calls.arity(c.name());
        if (ar >= 0 && c.args().size() == ar + 1) {
          Value[] vals = new Value[ar];
          List<Term> in = c.args().subList(0, ar);
          Term outArg = c.args().get(ar);
          boolean relation = Builtins.isRelation(c.name());
          return evalArgs(
              in,
              0,
              vals,
              env,
              () -> {
                Value r = calls.invoke(c, vals.clone());
                if (r != null && relation && r instanceof ArrayValue all) {
                  for (int i = 0; i < all.size(); i++) {
                    if (!unifier.bindPattern(outArg, all.get(i), env, k)) {
                      return false;
                    }
                  }
                  return true;
                }
                return r == null || unifier.bindPattern(outArg, r, env, k);
              });
        }
      }
      return evalTerm(t, env, v -> v.isFalse() || k.go());
    }
    if (e instanceof Expr.Unify u) {
      return unifier.unify(u.left(), u.right(), env, k);
    }
    if (e instanceof Expr.Assign a) {
      return unifier.unify(a.left(), a.right(), env, k);
    }
    if (e instanceof Expr.SomeDecl) {
      return k.go();
    }
    if (e instanceof Expr.Block b) {
      return evalBody(b.body(), 0, env, k);
    }
    if (e instanceof Expr.SomeIn s) {
      return evalTerm(
          s.collection(),
          env,
          c ->
              RefEvaluator.iterate(
                  c,
                  (key, val) ->
                      s.key() == null
                          ? unifier.bindPattern(s.value(), val, env, k)
                          : unifier.bindPattern(
                              s.key(),
                              key,
                              env,
                              () -> unifier.bindPattern(s.value(), val, env, k))));
    }
    Expr.Every ev = (Expr.Every) e;
    return evalTerm(
        ev.domain(),
        env,
        d -> {
          if (!(d instanceof ArrayValue || d instanceof ObjectValue || d instanceof SetValue)) {
            return true;
          }
          boolean all =
              RefEvaluator.iterate(
                  d,
                  (key, val) -> {
                    if (ev.key() != null) {
                      env.put(ev.key().name(), key);
                    }
                    env.put(ev.value().name(), val);
                    boolean found = !evalBody(ev.body(), 0, env, () -> false);
                    env.remove(ev.value().name());
                    if (ev.key() != null) {
                      env.remove(ev.key().name());
                    }
                    return found;
                  });
          return !all || k.go();
        });
  }

  // ------------------------------------------------------------------ terms

  boolean evalTerm(Term t, Env env, VK k) {
    if (t instanceof Term.Scalar s) {
      return k.go(s.value());
    }
    if (t instanceof Term.Var v) {
      return evalVar(v, env, k);
    }
    if (t instanceof Term.Ref r) {
      return refs.evalRef(r, env, k);
    }
    if (t instanceof Term.Call c) {
      return calls.evalCall(c, env, k);
    }
    if (t instanceof Term.ArrayLit a) {
      Value[] vals = new Value[a.items().size()];
      return evalArgs(a.items(), 0, vals, env, () -> k.go(ArrayValue.of(vals)));
    }
    if (t instanceof Term.SetLit a) {
      Value[] vals = new Value[a.items().size()];
      return evalArgs(a.items(), 0, vals, env, () -> k.go(SetValue.of(List.of(vals))));
    }
    if (t instanceof Term.ObjectLit o) {
      int n = o.keys().size();
      List<Term> all = new ArrayList<>(n * 2);
      all.addAll(o.keys());
      all.addAll(o.values());
      Value[] vals = new Value[n * 2];
      return evalArgs(
          all,
          0,
          vals,
          env,
          () -> {
            Map<Value, Value> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
              m.put(vals[i], vals[n + i]);
            }
            return k.go(ObjectValue.of(m));
          });
    }
    return evalCompr((Term.Compr) t, env, k);
  }

  private boolean evalVar(Term.Var v, Env env, VK k) {
    String n = v.name();
    Value b = env.get(n);
    if (b != null) {
      return k.go(b);
    }
    if (n.equals("input")) {
      return input == null || k.go(input);
    }
    if (n.equals("data")) {
      return k.go(refs.materialize(prog.root, data));
    }
    throw err(
        RegoEvalException.INTERNAL_ERROR,
        "var " + displayName(n) + " is unsafe",
        v.line(),
        v.col());
  }

  static String displayName(String n) {
    int i = n.indexOf("__");
    return i > 0 ? n.substring(0, i) : n;
  }

  boolean evalArgs(List<Term> ts, int i, Value[] out, Env env, K k) {
    if (i == ts.size()) {
      return k.go();
    }
    return evalTerm(
        ts.get(i),
        env,
        v -> {
          out[i] = v;
          return evalArgs(ts, i + 1, out, env, k);
        });
  }

  private boolean evalCompr(Term.Compr c, Env env, VK k) {
    switch (c.kind()) {
      case ARRAY:
        {
          List<Value> out = new ArrayList<>();
          evalBody(
              c.body(),
              0,
              env,
              () ->
                  evalTerm(
                      c.value(),
                      env,
                      v -> {
                        out.add(v);
                        return true;
                      }));
          return k.go(ArrayValue.of(out));
        }
      case SET:
        {
          Set<Value> out = new LinkedHashSet<>();
          evalBody(
              c.body(),
              0,
              env,
              () ->
                  evalTerm(
                      c.value(),
                      env,
                      v -> {
                        out.add(v);
                        return true;
                      }));
          return k.go(SetValue.of(out));
        }
      default:
        {
          Map<Value, Value> out = new LinkedHashMap<>();
          evalBody(
              c.body(),
              0,
              env,
              () ->
                  evalTerm(
                      c.key(),
                      env,
                      kv ->
                          evalTerm(
                              c.value(),
                              env,
                              vv -> {
                                Value prev = out.putIfAbsent(kv, vv);
                                if (prev != null && !prev.equals(vv)) {
                                  throw err(
                                      RegoEvalException.CONFLICT_ERROR,
                                      "object keys must be unique",
                                      c.line(),
                                      c.col());
                                }
                                return true;
                              })));
          return k.go(ObjectValue.of(out));
        }
    }
  }
}
