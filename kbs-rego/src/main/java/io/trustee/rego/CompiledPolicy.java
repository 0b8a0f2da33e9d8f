package io.trustee.rego;

import io.trustee.rego.ast.Literal;
import io.trustee.rego.eval.Compiler;
import io.trustee.rego.eval.Evaluator;
import io.trustee.rego.eval.Program;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled policy (one or more modules). Immutable and thread-safe: every evaluation uses its own
 * evaluator state, so one instance can serve concurrent requests.
 */
public final class CompiledPolicy {
  private final Program program;
  private final String packagePath;
  private final String sha256;

  CompiledPolicy(Program program, String packagePath, String sha256) {
    this.program = program;
    this.packagePath = packagePath;
    this.sha256 = sha256;
  }

  /** The package of the (first) module, dotted and without {@code data.}, e.g. "policy". */
  public String packagePath() {
    return packagePath;
  }

  /** Hex SHA-256 of the policy text (the cache key). */
  public String sha256() {
    return sha256;
  }

  /** The compiled program (for advanced use). */
  public Program program() {
    return program;
  }

  /**
   * Evaluates rule paths such as {@code data.policy.allow}.
   *
   * @param input the input document, or null for none (references to input are undefined)
   * @param data the base data document, or null for {@code {}}
   * @param hostFunctions host functions by name, or null
   * @param rulePaths paths starting with {@code data.}
   * @param options evaluation options, or null for defaults
   * @throws RegoEvalException on evaluation errors (conflicts, strict builtin errors, budget)
   */
  public EvalResult evaluate(
      Value input,
      Value data,
      Map<String, HostFunction> hostFunctions,
      List<String> rulePaths,
      EvalOptions options) {
    Evaluator ev = program.newEvaluator(input, data, hostFunctions, options);
    Map<String, RuleResult> out = new LinkedHashMap<>();
    for (String path : rulePaths) {
      if (!path.equals("data") && !path.startsWith("data.")) {
        throw new IllegalArgumentException("rule path must start with data.: " + path);
      }
      String dotted = path.equals("data") ? "" : path.substring(5);
      Value baseHit = data == null ? null : lookupBase(data, dotted);
      if (!program.hasPath(dotted) && baseHit == null) {
        out.put(path, RuleResult.absent());
        continue;
      }
      Value v = ev.evalPath(path);
      out.put(path, v == null ? RuleResult.undefined() : RuleResult.defined(v));
    }
    return new EvalResult(out);
  }

  /** Convenience overload taking host functions as a collection. */
  public EvalResult evaluate(
      Value input,
      Value data,
      Collection<HostFunction> hostFunctions,
      List<String> rulePaths,
      EvalOptions options) {
    return evaluate(input, data, byName(hostFunctions), rulePaths, options);
  }

  /** Host functions keyed by their names. */
  public static Map<String, HostFunction> byName(Collection<HostFunction> fns) {
    Map<String, HostFunction> m = new LinkedHashMap<>();
    if (fns != null) {
      for (HostFunction f : fns) {
        m.put(f.name(), f);
      }
    }
    return m;
  }

  private static Value lookupBase(Value data, String dotted) {
    if (dotted.isEmpty()) {
      return data;
    }
    Value cur = data;
    for (String seg : dotted.split("\\.")) {
      if (!(cur instanceof ObjectValue o)) {
        return null;
      }
      cur = o.get(seg);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  /**
   * Runs a query such as {@code data.policy.allow = x} and returns every solution as a map from the
   * query's variables to values (compiler-generated and wildcard variables left out).
   *
   * @throws RegoCompileException if the query does not parse
   * @throws RegoEvalException on evaluation errors
   */
  public List<Map<String, Value>> query(
      String query,
      Value input,
      Value data,
      Map<String, HostFunction> hostFunctions,
      EvalOptions options) {
    List<Literal> body = Compiler.compileQuery(program, query);
    List<String> vars = queryVars(body);
    return program.newEvaluator(input, data, hostFunctions, options).query(body, vars);
  }

  private static List<String> queryVars(List<Literal> body) {
    Set<String> all = new LinkedHashSet<>();
    for (Literal l : body) {
      io.trustee.rego.eval.QueryVars.collect(l, all);
    }
    List<String> out = new ArrayList<>();
    for (String v : all) {
      if (!v.startsWith("_") && !v.contains("__")) {
        out.add(v);
      }
    }
    return out;
  }
}
