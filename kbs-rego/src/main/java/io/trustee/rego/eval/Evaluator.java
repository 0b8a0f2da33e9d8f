package io.trustee.rego.eval;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.EvalOptions;
import io.trustee.rego.HostFunction;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Expr;
import io.trustee.rego.ast.Literal;
import io.trustee.rego.ast.Rule;
import io.trustee.rego.ast.Term;
import io.trustee.rego.builtins.BuiltinException;
import io.trustee.rego.builtins.Builtins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Top-down backtracking evaluator in continuation-passing style: every evaluation step calls a
 * continuation per solution, and a continuation returning {@code false} stops the search. Rule
 * values are memoised per evaluation ({@link RuleEvaluator}); {@code with} lives in {@link
 * WithModifiers}. It is still over 300 lines because terms, references, calls and unification
 * are mutually recursive and read best together. Single-use, not thread-safe.
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

  private interface EK {
    boolean go(Value key, Value val);
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

  Evaluator(Program prog, Value input, Value data, Map<String, HostFunction> hosts,
      EvalOptions opts) {
    this.prog = prog;
    this.input = input;
    this.data = data == null ? ObjectValue.EMPTY : data;
    this.hosts = hosts == null ? Map.of() : hosts;
    this.opts = opts == null ? EvalOptions.defaults() : opts;
    this.deadline = this.opts.timeout() == null ? Long.MAX_VALUE
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
      dataRef(ops, 0, prog.root, data, new Env(), v -> {
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
      evalBody(body, 0, env, () -> {
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
      throw err(RegoEvalException.BUDGET_EXCEEDED,
          "evaluation budget of " + opts.maxSteps() + " steps exceeded", line, col);
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
          print(c, env);
          return k.go();
        }
        int ar = arity(c.name());
        if (ar >= 0 && c.args().size() == ar + 1) {
          Value[] vals = new Value[ar];
          List<Term> in = c.args().subList(0, ar);
          Term outArg = c.args().get(ar);
          boolean relation = Builtins.isRelation(c.name());
          return evalArgs(in, 0, vals, env, () -> {
            Value r = invoke(c, vals.clone());
            if (r != null && relation && r instanceof ArrayValue all) {
              for (int i = 0; i < all.size(); i++) {
                if (!bindPattern(outArg, all.get(i), env, k)) {
                  return false;
                }
              }
              return true;
            }
            return r == null || bindPattern(outArg, r, env, k);
          });
        }
      }
      return evalTerm(t, env, v -> v.isFalse() || k.go());
    }
    if (e instanceof Expr.Unify u) {
      return unify(u.left(), u.right(), env, k);
    }
    if (e instanceof Expr.Assign a) {
      return unify(a.left(), a.right(), env, k);
    }
    if (e instanceof Expr.SomeDecl) {
      return k.go();
    }
    if (e instanceof Expr.Block b) {
      return evalBody(b.body(), 0, env, k);
    }
    if (e instanceof Expr.SomeIn s) {
      return evalTerm(s.collection(), env, c -> iterate(c, (key, val) -> s.key() == null
          ? bindPattern(s.value(), val, env, k)
          : bindPattern(s.key(), key, env, () -> bindPattern(s.value(), val, env, k))));
    }
    Expr.Every ev = (Expr.Every) e;
    return evalTerm(ev.domain(), env, d -> {
      if (!(d instanceof ArrayValue || d instanceof ObjectValue || d instanceof SetValue)) {
        return true;
      }
      boolean all = iterate(d, (key, val) -> {
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

  private void print(Term.Call c, Env env) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.args().size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      List<Value> vs = new ArrayList<>();
      evalTerm(c.args().get(i), env, v -> {
        vs.add(v);
        return false;
      });
      if (vs.isEmpty()) {
        sb.append("<undefined>");
      } else if (vs.get(0) instanceof StringValue s) {
        sb.append(s.value());
      } else {
        sb.append(vs.get(0));
      }
    }
    if (opts.printSink() != null) {
      opts.printSink().accept(sb.toString());
    }
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
      return evalRef(r, env, k);
    }
    if (t instanceof Term.Call c) {
      return evalCall(c, env, k);
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
      return evalArgs(all, 0, vals, env, () -> {
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
      return k.go(materialize(prog.root, data));
    }
    throw err(RegoEvalException.INTERNAL_ERROR, "var " + displayName(n) + " is unsafe",
        v.line(), v.col());
  }

  private static String displayName(String n) {
    int i = n.indexOf("__");
    return i > 0 ? n.substring(0, i) : n;
  }

  boolean evalArgs(List<Term> ts, int i, Value[] out, Env env, K k) {
    if (i == ts.size()) {
      return k.go();
    }
    return evalTerm(ts.get(i), env, v -> {
      out[i] = v;
      return evalArgs(ts, i + 1, out, env, k);
    });
  }

  private boolean evalCompr(Term.Compr c, Env env, VK k) {
    switch (c.kind()) {
      case ARRAY: {
        List<Value> out = new ArrayList<>();
        evalBody(c.body(), 0, env, () -> evalTerm(c.value(), env, v -> {
          out.add(v);
          return true;
        }));
        return k.go(ArrayValue.of(out));
      }
      case SET: {
        Set<Value> out = new LinkedHashSet<>();
        evalBody(c.body(), 0, env, () -> evalTerm(c.value(), env, v -> {
          out.add(v);
          return true;
        }));
        return k.go(SetValue.of(out));
      }
      default: {
        Map<Value, Value> out = new LinkedHashMap<>();
        evalBody(c.body(), 0, env, () -> evalTerm(c.key(), env, kv -> evalTerm(c.value(), env,
            vv -> {
              Value prev = out.putIfAbsent(kv, vv);
              if (prev != null && !prev.equals(vv)) {
                throw err(RegoEvalException.CONFLICT_ERROR, "object keys must be unique",
                    c.line(), c.col());
              }
              return true;
            })));
        return k.go(ObjectValue.of(out));
      }
    }
  }

  // ------------------------------------------------------------------ references

  private boolean evalRef(Term.Ref r, Env env, VK k) {
    Term h = r.head();
    if (h instanceof Term.Var v) {
      Value b = env.get(v.name());
      if (b != null) {
        return deref(b, r.ops(), 0, env, k);
      }
      if (v.name().equals("data")) {
        return dataRef(r.ops(), 0, prog.root, data, env, k);
      }
      if (v.name().equals("input")) {
        return input == null || deref(input, r.ops(), 0, env, k);
      }
    }
    return evalTerm(h, env, hv -> deref(hv, r.ops(), 0, env, k));
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
      return iterate(v, (key, val) -> {
        env.put(name, key);
        try {
          return deref(val, ops, i + 1, env, k, dataMode);
        } finally {
          env.remove(name);
        }
      });
    }
    if (isPattern(op, env)) {
      return iterate(v, (key, val) -> bindPattern(op, key, env,
          () -> deref(val, ops, i + 1, env, k, dataMode)));
    }
    return evalTerm(op, env, key -> {
      Value child = lookup(v, key);
      if (child == null && dataMode && v instanceof ObjectValue o && key instanceof NumberValue n
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
  private static boolean iterate(Value v, EK k) {
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

  private boolean dataRef(List<Term> ops, int i, PkgNode node, Value base, Env env, VK k) {
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
      node.rules.forEach((n, rs) -> {
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
    return evalTerm(op, env, key -> dataStep(key, ops, i, node, base, env, k));
  }

  private boolean dataStep(Value key, List<Term> ops, int i, PkgNode node, Value base, Env env,
      VK k) {
    if (key instanceof NumberValue n && n.isInteger() && base instanceof ObjectValue bo
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
        Value rv = rules.ruleValue(rs);
        PkgNode sub = node.children.get(s.value());
        if (sub != null && rv instanceof ObjectValue ro) {
          rv = materialize(sub, ro);
        }
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
    node.rules.forEach((n, rs) -> {
      if (rs.kind != Rule.Kind.FUNCTION) {
        StringValue key = StringValue.of(n);
        if (!m.containsKey(key)) {
          Value v = rules.ruleValue(rs);
          if (v != null) {
            m.put(key, v);
          }
        }
      }
    });
    node.children.forEach((n, child) -> {
      StringValue key = StringValue.of(n);
      Value existing = m.get(key);
      if (existing == null || existing instanceof ObjectValue) {
        m.put(key, materialize(child, existing));
      }
    });
    return ObjectValue.of(m);
  }

  // ------------------------------------------------------------------ calls

  private int arity(String name) {
    if (name.startsWith("data.")) {
      RuleSet rs = prog.rules.get(name.substring(5));
      return rs == null ? -1 : rs.arity;
    }
    int a = Builtins.arity(name);
    if (a >= 0 || Builtins.exists(name)) {
      return a;
    }
    HostFunction h = hosts.get(name);
    return h == null ? -1 : h.arity();
  }

  private boolean evalCall(Term.Call c, Env env, VK k) {
    if (c.name().equals("print")) {
      print(c, env);
      return k.go(BooleanValue.TRUE);
    }
    Value[] vals = new Value[c.args().size()];
    return evalArgs(c.args(), 0, vals, env, () -> {
      Value r = invoke(c, vals.clone());
      return r == null || k.go(r);
    });
  }

  private Value invoke(Term.Call c, Value[] args) {
    return invokeNamed(c.name(), c, args);
  }

  private Value invokeNamed(String name, Term.Call c, Value[] args) {
    if (!mocks.isEmpty() && mocks.containsKey(name)) {
      Object mock = mocks.get(name);
      if (mock instanceof String target && !target.equals(name)) {
        Map<String, Object> saved = mocks;
        mocks = Map.of();
        try {
          return invokeNamed(target, c, args);
        } finally {
          mocks = saved;
        }
      }
      if (mock instanceof Value v) {
        return v;
      }
    }
    if (name.equals("uuid.rfc4122") || name.equals("rand.intn")) {
      // OPA returns the same value for the same arguments within one evaluation.
      List<Value> key = new ArrayList<>();
      key.add(StringValue.of(name));
      key.addAll(List.of(args));
      Value cached = perQuery.get(key);
      if (cached == null) {
        Builtins.Entry b = Builtins.get(name);
        try {
          cached = b.fn().apply(args);
        } catch (BuiltinException e) {
          if (opts.strictBuiltinErrors()) {
            throw err(e.code(), name + ": " + e.getMessage(), c.line(), c.col());
          }
          return null;
        }
        perQuery.put(key, cached);
      }
      return cached;
    }
    if (name.equals("time.now_ns")) {
      if (nowNs == null) {
        java.time.Instant now = java.time.Instant.now();
        nowNs = NumberValue.of(now.getEpochSecond() * 1_000_000_000L + now.getNano());
      }
      return nowNs;
    }
    if (name.startsWith("data.")) {
      RuleSet rs = prog.rules.get(name.substring(5));
      if (rs == null || rs.kind != Rule.Kind.FUNCTION) {
        throw err(RegoEvalException.INTERNAL_ERROR, "undefined function " + name, c.line(),
            c.col());
      }
      return rules.callFunction(rs, args, c);
    }
    Builtins.Entry b = Builtins.get(name);
    if (b != null) {
      try {
        return b.fn().apply(args);
      } catch (BuiltinException e) {
        if (opts.strictBuiltinErrors()) {
          throw err(e.code(), name + ": " + e.getMessage(), c.line(), c.col());
        }
        return null;
      } catch (RuntimeException e) {
        if (e instanceof RegoEvalException) {
          throw e;
        }
        if (opts.strictBuiltinErrors()) {
          throw err(RegoEvalException.BUILTIN_ERROR, name + ": " + e.getMessage(), c.line(),
              c.col());
        }
        return null;
      }
    }
    HostFunction h = hosts.get(name);
    if (h != null) {
      try {
        return h.call(List.of(args));
      } catch (RegoEvalException e) {
        throw e;
      } catch (RuntimeException e) {
        // Host functions fail closed: an unavailable reference-value store must not turn a
        // check into "undefined" and let a default decide.
        RegoEvalException ex = err(RegoEvalException.BUILTIN_ERROR, name + ": " + e.getMessage(),
            c.line(), c.col());
        ex.initCause(e);
        throw ex;
      }
    }
    throw err(RegoEvalException.INTERNAL_ERROR, "undefined function " + name, c.line(),
        c.col());
  }

  // ------------------------------------------------------------------ unification

  private static boolean isPattern(Term t, Env env) {
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

  private boolean unify(Term a, Term b, Env env, K k) {
    boolean pa = isPattern(a, env);
    boolean pb = isPattern(b, env);
    if (pa && !pb) {
      return evalTerm(b, env, v -> bindPattern(a, v, env, k));
    }
    if (pb && !pa) {
      return evalTerm(a, env, v -> bindPattern(b, v, env, k));
    }
    if (pa) {
      if (a instanceof Term.ArrayLit x && b instanceof Term.ArrayLit y
          && x.items().size() == y.items().size()) {
        return unifyAll(x.items(), y.items(), 0, env, k);
      }
      if (a instanceof Term.ObjectLit x && b instanceof Term.ObjectLit y
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
      throw err(RegoEvalException.INTERNAL_ERROR, "var " + displayName(((Term.Var) a).name())
          + " is unsafe", a.line(), a.col());
    }
    return evalTerm(a, env, va -> evalTerm(b, env, vb -> !va.equals(vb) || k.go()));
  }

  private Value first(Term t, Env env) {
    Value[] out = new Value[1];
    evalTerm(t, env, v -> {
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
    return evalTerm(p, env, pv -> !pv.equals(v) || k.go());
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
    return evalTerm(o.keys().get(i), env, kv -> {
      Value x = ov.get(kv);
      return x == null || bindPattern(o.values().get(i), x, env, () -> bindObj(o, ov, i + 1,
          env, k));
    });
  }
}
