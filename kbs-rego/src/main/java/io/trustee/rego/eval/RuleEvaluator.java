package io.trustee.rego.eval;

import io.trustee.rego.ObjectValue;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.SetValue;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Rule;
import io.trustee.rego.ast.Term;
import io.trustee.rego.eval.Evaluator.K;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule and function evaluation for one {@link Evaluator}: complete rules with {@code else} chains
 * and defaults, partial sets and objects (including rule-head references), functions, conflict
 * detection, memoisation and recursion checks. Single-use with its evaluator; not thread-safe.
 */
final class RuleEvaluator {
  private final Evaluator ev;

  RuleEvaluator(Evaluator ev) {
    this.ev = ev;
  }

  Value ruleValue(RuleSet rs) {
    if (ev.overrides.containsKey(rs.path)) {
      return ev.overrides.get(rs.path);
    }
    Object c = ev.cache.get(rs.path);
    if (c != null) {
      return c == Evaluator.UNDEF ? null : (Value) c;
    }
    if (!ev.active.add(rs.path)) {
      Rule r = rs.defs.isEmpty() ? rs.defaultRule : rs.defs.get(0);
      throw ev.err(
          "rego_recursion_error", "rule ev.data." + rs.path + " is recursive", r.line(), r.col());
    }
    String savedFile = ev.file;
    Value v;
    try {
      v = computeRule(rs);
    } finally {
      ev.active.remove(rs.path);
      ev.file = savedFile;
    }
    ev.cache.put(rs.path, v == null ? Evaluator.UNDEF : v);
    if (ev.opts.ruleTrace() != null) {
      ev.opts.ruleTrace().accept("data." + rs.path, v);
    }
    return v;
  }

  private Value computeRule(RuleSet rs) {
    switch (rs.kind) {
      case SET:
        {
          if (!rs.defs.isEmpty() && !rs.defs.get(0).moreKeys().isEmpty()) {
            return nestedSets(rs);
          }
          Set<Value> out = new LinkedHashSet<>();
          for (Rule r : rs.defs) {
            ev.file = r.file();
            ev.step(r.line(), r.col());
            Env env = new Env();
            ev.evalBody(
                r.body(),
                0,
                env,
                () ->
                    ev.evalTerm(
                        r.key(),
                        env,
                        v -> {
                          out.add(v);
                          return true;
                        }));
          }
          return SetValue.of(out);
        }
      case OBJECT:
        {
          Map<Value, Object> out = new LinkedHashMap<>();
          for (Rule r : rs.defs) {
            ev.file = r.file();
            ev.step(r.line(), r.col());
            Env env = new Env();
            List<Term> keyTerms = new ArrayList<>();
            keyTerms.add(r.key());
            keyTerms.addAll(r.moreKeys());
            Value[] keys = new Value[keyTerms.size()];
            ev.evalBody(
                r.body(),
                0,
                env,
                () ->
                    ev.evalArgs(
                        keyTerms,
                        0,
                        keys,
                        env,
                        () ->
                            ev.evalTerm(
                                r.value(),
                                env,
                                vv -> {
                                  insert(out, keys, 0, vv, r);
                                  return true;
                                })));
          }
          return freeze(out);
        }
      case COMPLETE:
        {
          Value result = null;
          for (Rule def : rs.defs) {
            Value v = evalDefinition(def, null, "complete rules must not produce multiple outputs");
            if (v != null) {
              if (result != null && !result.equals(v)) {
                throw ev.err(
                    RegoEvalException.CONFLICT_ERROR,
                    "complete rules must not produce multiple outputs",
                    def.line(),
                    def.col());
              }
              result = v;
            }
          }
          if (result == null && rs.defaultRule != null) {
            result = evalDefault(rs.defaultRule);
          }
          return result;
        }
      default:
        return null;
    }
  }

  /** A multi-value rule with a reference head, {@code p[x] contains y}: nested sets. */
  @SuppressWarnings("unchecked")
  private Value nestedSets(RuleSet rs) {
    Map<Value, Object> out = new LinkedHashMap<>();
    for (Rule r : rs.defs) {
      ev.file = r.file();
      ev.step(r.line(), r.col());
      Env env = new Env();
      Value[] keys = new Value[r.moreKeys().size()];
      ev.evalBody(
          r.body(),
          0,
          env,
          () ->
              ev.evalArgs(
                  r.moreKeys(),
                  0,
                  keys,
                  env,
                  () ->
                      ev.evalTerm(
                          r.key(),
                          env,
                          elem -> {
                            Map<Value, Object> m = out;
                            for (int i = 0; i < keys.length - 1; i++) {
                              m =
                                  (Map<Value, Object>)
                                      m.computeIfAbsent(
                                          keys[i], x -> new LinkedHashMap<Value, Object>());
                            }
                            ((Set<Value>)
                                    m.computeIfAbsent(
                                        keys[keys.length - 1], x -> new LinkedHashSet<Value>()))
                                .add(elem);
                            return true;
                          })));
    }
    return freezeSets(out);
  }

  @SuppressWarnings("unchecked")
  private static Value freezeSets(Map<Value, Object> m) {
    Map<Value, Value> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) ->
            out.put(
                k,
                v instanceof Map
                    ? freezeSets((Map<Value, Object>) v)
                    : SetValue.of((Set<Value>) v)));
    return ObjectValue.of(out);
  }

  /** Inserts a value at a key path of nested mutable maps, failing on conflicting values. */
  @SuppressWarnings("unchecked")
  private void insert(Map<Value, Object> m, Value[] keys, int i, Value v, Rule r) {
    Value k = keys[i];
    if (i == keys.length - 1) {
      Object prev = m.putIfAbsent(k, v);
      if (prev != null && !prev.equals(v)) {
        throw ev.err(
            RegoEvalException.CONFLICT_ERROR, "object keys must be unique", r.line(), r.col());
      }
      return;
    }
    Object child = m.computeIfAbsent(k, x -> new LinkedHashMap<Value, Object>());
    if (!(child instanceof Map)) {
      throw ev.err(
          RegoEvalException.CONFLICT_ERROR, "object keys must be unique", r.line(), r.col());
    }
    insert((Map<Value, Object>) child, keys, i + 1, v, r);
  }

  @SuppressWarnings("unchecked")
  private static Value freeze(Map<Value, Object> m) {
    Map<Value, Value> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v instanceof Map ? freeze((Map<Value, Object>) v) : (Value) v));
    return ObjectValue.of(out);
  }

  private Value evalDefault(Rule d) {
    ev.file = d.file();
    Value[] out = new Value[1];
    ev.evalTerm(
        d.value(),
        new Env(),
        v -> {
          out[0] = v;
          return false;
        });
    return out[0];
  }

  /** Evaluates one definition and its else chain; args are bound to the parameters if given. */
  private Value evalDefinition(Rule def, Value[] args, String conflictMsg) {
    for (Rule r = def; r != null; r = r.elseRule()) {
      ev.file = r.file();
      ev.step(r.line(), r.col());
      Env env = new Env();
      Value[] res = new Value[1];
      boolean[] any = new boolean[1];
      Rule cur = r;
      K body =
          () ->
              ev.evalBody(
                  cur.body(),
                  0,
                  env,
                  () -> {
                    any[0] = true;
                    return ev.evalTerm(
                        cur.value(),
                        env,
                        v -> {
                          if (res[0] == null) {
                            res[0] = v;
                          } else if (!res[0].equals(v)) {
                            throw ev.err(
                                RegoEvalException.CONFLICT_ERROR,
                                conflictMsg,
                                cur.line(),
                                cur.col());
                          }
                          return true;
                        });
                  });
      if (args == null) {
        body.go();
      } else {
        bindArgs(cur.args() == null ? def.args() : cur.args(), args, 0, env, body);
      }
      if (any[0]) {
        return res[0];
      }
    }
    return null;
  }

  private boolean bindArgs(List<Term> params, Value[] args, int i, Env env, K k) {
    if (i == params.size()) {
      return k.go();
    }
    return ev.unifier.bindPattern(
        params.get(i), args[i], env, () -> bindArgs(params, args, i + 1, env, k));
  }

  Value callFunction(RuleSet rs, Value[] args, Term.Call site) {
    if (++ev.depth > 2000) {
      ev.depth = 0;
      throw ev.err(
          "rego_recursion_error",
          "function ev.data." + rs.path + " recursion too deep",
          site.line(),
          site.col());
    }
    String savedFile = ev.file;
    try {
      Value result = null;
      for (Rule def : rs.defs) {
        Value v =
            evalDefinition(
                def, args, "functions must not produce multiple outputs for same inputs");
        if (v != null) {
          if (result != null && !result.equals(v)) {
            throw ev.err(
                RegoEvalException.CONFLICT_ERROR,
                "functions must not produce multiple outputs for same inputs",
                def.line(),
                def.col());
          }
          result = v;
        }
      }
      if (result == null && rs.defaultRule != null) {
        result = evalDefault(rs.defaultRule);
      }
      return result;
    } finally {
      ev.depth--;
      ev.file = savedFile;
    }
  }
}
