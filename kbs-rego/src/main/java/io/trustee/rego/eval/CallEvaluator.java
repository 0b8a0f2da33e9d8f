package io.trustee.rego.eval;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.HostFunction;
import io.trustee.rego.NumberValue;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Rule;
import io.trustee.rego.ast.Term;
import io.trustee.rego.builtins.BuiltinException;
import io.trustee.rego.builtins.Builtins;
import io.trustee.rego.eval.Evaluator.VK;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls for one {@link Evaluator}: arity lookup, {@code print}, and invoking user functions,
 * builtins and host functions, with {@code with}-mocks, per-query caching of the non-deterministic
 * builtins and OPA's error rules (builtin errors make the call undefined unless strict; host
 * functions fail closed). Single-use with its evaluator; not thread-safe.
 */
final class CallEvaluator {
  private final Evaluator ev;

  CallEvaluator(Evaluator ev) {
    this.ev = ev;
  }

  void print(Term.Call c, Env env) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.args().size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      List<Value> vs = new ArrayList<>();
      ev.evalTerm(
          c.args().get(i),
          env,
          v -> {
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
    if (ev.opts.printSink() != null) {
      ev.opts.printSink().accept(sb.toString());
    }
  }

  int arity(String name) {
    if (name.startsWith("data.")) {
      RuleSet rs = ev.prog.rules.get(name.substring(5));
      return rs == null ? -1 : rs.arity;
    }
    int a = Builtins.arity(name);
    if (a >= 0 || Builtins.exists(name)) {
      return a;
    }
    HostFunction h = ev.hosts.get(name);
    return h == null ? -1 : h.arity();
  }

  boolean evalCall(Term.Call c, Env env, VK k) {
    if (c.name().equals("print")) {
      print(c, env);
      return k.go(BooleanValue.TRUE);
    }
    if (c.name().equals(DYNAMIC_CALL)) {
      return dynamicCall(c, env, k);
    }
    Value[] vals = new Value[c.args().size()];
    return ev.evalArgs(
        c.args(),
        0,
        vals,
        env,
        () -> {
          Value r = invoke(c, vals.clone());
          if (r instanceof ArrayValue all && Builtins.isRelation(c.name())) {
            // a relation used as a value (walk(x)) yields each of its results in turn
            for (int i = 0; i < all.size(); i++) {
              if (!k.go(all.get(i))) {
                return false;
              }
            }
            return true;
          }
          return r == null || k.go(r);
        });
  }

  /** The parser's name for a call through a reference with variables, data.rules[x].match(r). */
  static final String DYNAMIC_CALL = "internal.dynamic_call";

  /**
   * Dynamic dispatch: walks the package tree along the reference (operand 0), enumerating the names
   * an unbound variable can take, and calls each user function found at the end with the other
   * operands. A path without a function is undefined, as in OPA.
   */
  private boolean dynamicCall(Term.Call c, Env env, VK k) {
    Term.Ref ref = (Term.Ref) c.args().get(0);
    if (!(ref.head() instanceof Term.Var h) || !h.name().equals("data")) {
      throw ev.err(
          RegoEvalException.INTERNAL_ERROR,
          "a dynamic function call must reference data",
          c.line(),
          c.col());
    }
    return dispatch(c, ref.ops(), 0, ev.prog.root, env, k);
  }

  private boolean dispatch(Term.Call c, List<Term> ops, int i, PkgNode node, Env env, VK k) {
    boolean last = i == ops.size() - 1;
    Term op = ops.get(i);
    if (op instanceof Term.Var v && env.get(v.name()) == null && !Safety.isRoot(v.name())) {
      List<String> names = new ArrayList<>();
      if (last) {
        node.rules.forEach(
            (n, rs) -> {
              if (rs.kind == Rule.Kind.FUNCTION) {
                names.add(n);
              }
            });
      } else {
        names.addAll(node.children.keySet());
      }
      names.sort(null);
      for (String n : names) {
        env.put(v.name(), StringValue.of(n));
        try {
          if (!dispatchStep(c, ops, i, node, n, env, k)) {
            return false;
          }
        } finally {
          env.remove(v.name());
        }
      }
      return true;
    }
    return ev.evalTerm(
        op,
        env,
        key -> !(key instanceof StringValue s) || dispatchStep(c, ops, i, node, s.value(), env, k));
  }

  private boolean dispatchStep(
      Term.Call c, List<Term> ops, int i, PkgNode node, String name, Env env, VK k) {
    if (i < ops.size() - 1) {
      PkgNode child = node.children.get(name);
      return child == null || dispatch(c, ops, i + 1, child, env, k);
    }
    RuleSet rs = node.rules.get(name);
    if (rs == null || rs.kind != Rule.Kind.FUNCTION) {
      return true;
    }
    List<Term> argTerms = c.args().subList(1, c.args().size());
    if (rs.arity != argTerms.size()) {
      throw ev.err(
          RegoEvalException.TYPE_ERROR,
          "data." + rs.path + ": arity mismatch: " + argTerms.size() + " arguments for " + rs.arity,
          c.line(),
          c.col());
    }
    Value[] vals = new Value[argTerms.size()];
    return ev.evalArgs(
        argTerms,
        0,
        vals,
        env,
        () -> {
          Value r = invokeNamed("data." + rs.path, c, vals.clone());
          return r == null || k.go(r);
        });
  }

  Value invoke(Term.Call c, Value[] args) {
    return invokeNamed(c.name(), c, args);
  }

  private Value invokeNamed(String name, Term.Call c, Value[] args) {
    if (!ev.mocks.isEmpty() && ev.mocks.containsKey(name)) {
      Object mock = ev.mocks.get(name);
      if (mock instanceof String target && !target.equals(name)) {
        Map<String, Object> saved = ev.mocks;
        ev.mocks = Map.of();
        try {
          return invokeNamed(target, c, args);
        } finally {
          ev.mocks = saved;
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
      Value cached = ev.perQuery.get(key);
      if (cached == null) {
        Builtins.Entry b = Builtins.get(name);
        try {
          cached = b.fn().apply(args);
        } catch (BuiltinException e) {
          if (ev.opts.strictBuiltinErrors()) {
            throw ev.err(e.code(), name + ": " + e.getMessage(), c.line(), c.col());
          }
          return null;
        }
        ev.perQuery.put(key, cached);
      }
      return cached;
    }
    if (name.equals("time.now_ns")) {
      if (ev.nowNs == null) {
        java.time.Instant now = java.time.Instant.now();
        ev.nowNs = NumberValue.of(now.getEpochSecond() * 1_000_000_000L + now.getNano());
      }
      return ev.nowNs;
    }
    if (name.startsWith("data.")) {
      RuleSet rs = ev.prog.rules.get(name.substring(5));
      if (rs == null || rs.kind != Rule.Kind.FUNCTION) {
        throw ev.err(
            RegoEvalException.INTERNAL_ERROR, "undefined function " + name, c.line(), c.col());
      }
      return ev.rules.callFunction(rs, args, c);
    }
    Builtins.Entry b = Builtins.get(name);
    if (b != null) {
      try {
        return b.fn().apply(args);
      } catch (BuiltinException e) {
        if (ev.opts.strictBuiltinErrors()) {
          throw ev.err(e.code(), name + ": " + e.getMessage(), c.line(), c.col());
        }
        return null;
      } catch (RuntimeException e) {
        if (e instanceof RegoEvalException) {
          throw e;
        }
        if (ev.opts.strictBuiltinErrors()) {
          throw ev.err(
              RegoEvalException.BUILTIN_ERROR, name + ": " + e.getMessage(), c.line(), c.col());
        }
        return null;
      }
    }
    HostFunction h = ev.hosts.get(name);
    if (h != null) {
      try {
        return h.call(List.of(args));
      } catch (RegoEvalException e) {
        throw e;
      } catch (RuntimeException e) {
        // Host functions fail closed: an unavailable reference-value store must not turn a
        // check into "undefined" and let a default decide.
        RegoEvalException ex =
            ev.err(
                RegoEvalException.BUILTIN_ERROR, name + ": " + e.getMessage(), c.line(), c.col());
        ex.initCause(e);
        throw ex;
      }
    }
    if (name.equals(TemplateStrings.CALL)) {
      // Checked last, so that ordinary calls pay nothing for it.
      return TemplateStrings.render(ev, args, c);
    }
    throw ev.err(RegoEvalException.INTERNAL_ERROR, "undefined function " + name, c.line(), c.col());
  }
}
