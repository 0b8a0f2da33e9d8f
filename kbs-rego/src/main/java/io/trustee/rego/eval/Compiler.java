package io.trustee.rego.eval;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.RegoCompileException;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Expr;
import io.trustee.rego.ast.Literal;
import io.trustee.rego.ast.Module;
import io.trustee.rego.ast.Rule;
import io.trustee.rego.ast.Term;
import io.trustee.rego.builtins.Builtins;
import io.trustee.rego.parse.Parser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Program} from modules: groups rules by path, resolves names (locals, rules of the
 * package, imports, builtins), renames variables declared in nested scopes, and reorders bodies for
 * safety. It exceeds 300 lines because name resolution must walk every term and literal form in one
 * place. Not thread-safe; one instance per compilation.
 */
public final class Compiler {
  /**
   * OPA builtins that reach the network. Attestation and resource policies must be pure functions
   * of their input, so a call of one is a compile error rather than a failure at evaluation time.
   */
  private static final Set<String> NETWORK_BUILTINS = Set.of("http.send", "net.lookup_ip_addr");

  /**
   * OPA builtin families that kbs-rego deliberately leaves out (README "Not implemented"), with the
   * reason; a call is a compile error that says so instead of an unknown function at evaluation.
   */
  private static final Map<String, String> NON_GOALS =
      Map.of(
          "graphql.",
          "GraphQL schema and query parsing is not part of kbs-rego (it would add a GraphQL parser"
              + " to the engine that evaluates attestation policies; no KBS policy needs it)",
          "providers.aws.",
          "AWS request signing is not part of kbs-rego (KBS policies do not call cloud APIs)",
          "rego.parse_module",
          "rego.parse_module returns OPA's internal AST, which kbs-rego does not reproduce");

  private final Map<String, RuleSet> rules = new HashMap<>();

  /** Annotations by dotted path: package scope, subpackages scope, document scope. */
  private final Map<String, Value> pkgAnn = new HashMap<>();

  private final Map<String, Value> subpkgAnn = new HashMap<>();
  private final Map<String, Value> docAnn = new HashMap<>();
  private final PkgNode root = new PkgNode();
  private int fresh;

  private Compiler() {}

  /** Parses and compiles modules given as (file name, source) pairs. */
  public static Program compile(Map<String, String> sources) {
    List<Module> modules = new ArrayList<>();
    sources.forEach((file, src) -> modules.add(Parser.parseModule(src, file)));
    return compileModules(modules);
  }

  /** Compiles parsed modules. */
  public static Program compileModules(List<Module> modules) {
    Compiler c = new Compiler();
    for (Module m : modules) {
      c.declare(m);
    }
    for (Module m : modules) {
      c.resolve(m);
    }
    return new Program(c.rules, c.root, modules);
  }

  /** Compiles a query against a program. */
  public static List<Literal> compileQuery(Program program, String query) {
    Compiler c = new Compiler();
    c.rules.putAll(program.rules);
    Resolver r = c.new Resolver(List.of(), Map.of());
    Scope s = new Scope(null, false);
    List<Literal> body = r.body(Parser.parseQuery(query), s, false);
    return new Safety(c.arities()).reorder(body, Set.of());
  }

  private Map<String, Integer> arities() {
    Map<String, Integer> a = new HashMap<>();
    rules.forEach(
        (k, v) -> {
          if (v.kind == Rule.Kind.FUNCTION) {
            a.put("data." + k, v.arity);
          }
        });
    return a;
  }

  private static boolean isScope(Value annotation, String scope) {
    return annotation instanceof ObjectValue o && StringValue.of(scope).equals(o.get("scope"));
  }

  private static Value chainEntry(List<String> path, Value annotations) {
    Map<Value, Value> m = new LinkedHashMap<>();
    List<Value> segs = new ArrayList<>();
    for (String seg : path) {
      segs.add(StringValue.of(seg));
    }
    m.put(StringValue.of("path"), ArrayValue.of(segs));
    if (annotations != null) {
      m.put(StringValue.of("annotations"), annotations);
    }
    return ObjectValue.of(m);
  }

  private static RegoCompileException err(Rule r, String msg) {
    return new RegoCompileException("rego_compile_error", r.line(), r.col(), msg);
  }

  private void declare(Module m) {
    PkgNode pn = root;
    for (String seg : m.packagePath()) {
      pn = pn.child(seg);
    }
    Value pa = m.packageAnnotation();
    if (pa != null) {
      String pkg = String.join(".", m.packagePath());
      (isScope(pa, "subpackages") ? subpkgAnn : pkgAnn).putIfAbsent(pkg, pa);
    }
    for (Rule r : m.rules()) {
      List<String> segs = new ArrayList<>(m.packagePath());
      segs.addAll(List.of(r.name().split("\\.")));
      String path = String.join(".", segs);
      Value ra = m.ruleAnnotations().get(Module.ruleKey(r));
      if (ra != null && isScope(ra, "document")) {
        docAnn.putIfAbsent(path, ra);
      }
      RuleSet rs = rules.get(path);
      if (rs == null) {
        rs = new RuleSet(path, r.kind());
        rules.put(path, rs);
        PkgNode n = root;
        for (int i = 0; i < segs.size() - 1; i++) {
          n = n.child(segs.get(i));
        }
        n.rules.put(segs.get(segs.size() - 1), rs);
      } else if (rs.kind != r.kind()) {
        throw err(r, "conflicting rules data." + path + " found");
      }
      if (r.kind() == Rule.Kind.FUNCTION) {
        int n = r.args().size();
        if (rs.arity >= 0 && rs.arity != n) {
          throw err(r, "conflicting rules data." + path + " found (arity)");
        }
        rs.arity = n;
      }
    }
  }

  private void resolve(Module m) {
    Map<String, Term> globals = new HashMap<>();
    for (Rule r : m.rules()) {
      String first = r.name().split("\\.")[0];
      List<Term> ops = new ArrayList<>();
      for (String seg : m.packagePath()) {
        ops.add(new Term.Scalar(StringValue.of(seg), r.line(), r.col()));
      }
      ops.add(new Term.Scalar(StringValue.of(first), r.line(), r.col()));
      globals.put(
          first, new Term.Ref(new Term.Var("data", r.line(), r.col()), ops, r.line(), r.col()));
    }
    for (Module.Import imp : m.imports()) {
      Term.Ref ref = imp.path();
      String alias = imp.alias();
      if (alias == null) {
        alias =
            ref.ops().isEmpty()
                ? ((Term.Var) ref.head()).name()
                : ((StringValue) ((Term.Scalar) ref.ops().get(ref.ops().size() - 1)).value())
                    .value();
      }
      globals.put(alias, ref.ops().isEmpty() ? ref.head() : ref);
    }
    Resolver res = new Resolver(m.packagePath(), globals);
    Safety safety = new Safety(arities());
    for (Rule r : m.rules()) {
      List<String> segs = new ArrayList<>(m.packagePath());
      segs.addAll(List.of(r.name().split("\\.")));
      RuleSet rs = rules.get(String.join(".", segs));
      res.metadata(m, r, segs);
      Rule out = resolveRule(res, safety, r);
      if (r.isDefault()) {
        if (rs.defaultRule != null) {
          throw err(r, "multiple default rules data." + rs.path + " found");
        }
        rs.defaultRule = out;
      } else {
        rs.defs.add(out);
      }
    }
  }

  private Rule resolveRule(Resolver res, Safety safety, Rule r) {
    Scope s = new Scope(null, false);
    List<Term> args = null;
    Set<String> bound = new java.util.HashSet<>();
    if (r.args() != null) {
      args = new ArrayList<>();
      for (Term a : r.args()) {
        Safety.patternVars(a, bound);
      }
      for (String b : bound) {
        s.declare(b, b);
      }
      for (Term a : r.args()) {
        args.add(res.term(a, s));
      }
    }
    List<Literal> body = res.body(r.body(), s, false);
    body = safety.reorder(body, bound);
    Term key = r.key() == null ? null : res.term(r.key(), s);
    List<Term> moreKeys = new ArrayList<>();
    for (Term k : r.moreKeys()) {
      moreKeys.add(res.term(k, s));
    }
    Term value = r.value() == null ? null : res.term(r.value(), s);
    Rule elseRule =
        r.elseRule() == null
            ? null
            : resolveRule(
                res,
                safety,
                r.elseRule()
                    .with(
                        r.args(),
                        r.elseRule().key(),
                        r.elseRule().moreKeys(),
                        r.elseRule().value(),
                        r.elseRule().body(),
                        r.elseRule().elseRule()));
    return r.with(args, key, moreKeys, value, body, elseRule);
  }

  /** A lexical scope mapping declared names to their (possibly renamed) variables. */
  static final class Scope {
    final Scope parent;
    final boolean rename;
    final Map<String, String> names = new HashMap<>();

    Scope(Scope parent, boolean rename) {
      this.parent = parent;
      this.rename = rename;
    }

    void declare(String name, String to) {
      names.put(name, to);
    }

    String lookup(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        String n = s.names.get(name);
        if (n != null) {
          return n;
        }
      }
      return null;
    }
  }

  /** Rewrites names of one module. */
  final class Resolver {
    private final List<String> pkg;
    private final Map<String, Term> globals;

    /** rego.metadata.chain() and rego.metadata.rule() of the rule being resolved, or null. */
    private Value metaChain;

    private Value metaRule;

    Resolver(List<String> pkg, Map<String, Term> globals) {
      this.pkg = pkg;
      this.globals = globals;
    }

    /**
     * Computes the annotation chain of a rule definition, as OPA's {@code rego.metadata.chain}: the
     * rule itself (with its rule-scope annotations, if any), the document-scope annotations of its
     * path, the package-scope annotations of its package, then subpackages-scope annotations from
     * its package up to the root. The calls are replaced by these constants, so evaluation pays
     * nothing.
     */
    void metadata(Module m, Rule r, List<String> rulePath) {
      Value ra = m.ruleAnnotations().get(Module.ruleKey(r));
      if (ra != null && !isScope(ra, "rule")) {
        ra = null;
      }
      List<Value> chain = new ArrayList<>();
      chain.add(chainEntry(rulePath, ra));
      String path = String.join(".", rulePath);
      if (docAnn.containsKey(path)) {
        chain.add(chainEntry(rulePath, docAnn.get(path)));
      }
      List<String> pkgPath = m.packagePath();
      Value pa = pkgAnn.get(String.join(".", pkgPath));
      if (pa != null) {
        chain.add(chainEntry(pkgPath, pa));
      }
      for (int n = pkgPath.size(); n > 0; n--) {
        List<String> p = pkgPath.subList(0, n);
        Value sa = subpkgAnn.get(String.join(".", p));
        if (sa != null) {
          chain.add(chainEntry(p, sa));
        }
      }
      metaChain = ArrayValue.of(chain);
      metaRule = ra == null ? ObjectValue.EMPTY : ra;
    }

    List<Literal> body(List<Literal> body, Scope parent, boolean nested) {
      Scope s = parent;
      for (Literal l : body) {
        Set<String> decl = new java.util.LinkedHashSet<>();
        Expr e = l.expr();
        if (e instanceof Expr.Assign a) {
          Safety.patternVars(a.left(), decl);
        } else if (e instanceof Expr.SomeDecl d) {
          for (Term.Var v : d.vars()) {
            decl.add(v.name());
          }
        } else if (e instanceof Expr.SomeIn si) {
          if (si.key() != null) {
            Safety.patternVars(si.key(), decl);
          }
          Safety.patternVars(si.value(), decl);
        }
        for (String d : decl) {
          if (d.equals("_")) {
            continue;
          }
          s.declare(d, nested ? d + "__" + (fresh++) : d);
        }
      }
      List<Literal> out = new ArrayList<>(body.size());
      for (Literal l : body) {
        out.add(literal(l, s));
      }
      return out;
    }

    private Literal literal(Literal l, Scope s) {
      Expr e = l.expr();
      Expr r;
      if (e instanceof Expr.TermExpr t) {
        r = new Expr.TermExpr(term(t.term(), s));
      } else if (e instanceof Expr.Unify u) {
        r = new Expr.Unify(term(u.left(), s), term(u.right(), s));
      } else if (e instanceof Expr.Assign a) {
        r = new Expr.Assign(term(a.left(), s), term(a.right(), s));
      } else if (e instanceof Expr.SomeDecl d) {
        List<Term.Var> vs = new ArrayList<>();
        for (Term.Var v : d.vars()) {
          vs.add((Term.Var) term(v, s));
        }
        r = new Expr.SomeDecl(vs);
      } else if (e instanceof Expr.SomeIn si) {
        r =
            new Expr.SomeIn(
                si.key() == null ? null : term(si.key(), s),
                term(si.value(), s),
                term(si.collection(), s));
      } else if (e instanceof Expr.Block blk) {
        r = new Expr.Block(body(blk.body(), new Scope(s, true), true));
      } else {
        Expr.Every ev = (Expr.Every) e;
        Term dom = term(ev.domain(), s);
        Scope inner = new Scope(s, true);
        Term.Var k = null;
        if (ev.key() != null) {
          k = new Term.Var(ev.key().name() + "__" + (fresh++), ev.key().line(), ev.key().col());
          inner.declare(ev.key().name(), k.name());
        }
        Term.Var v =
            new Term.Var(ev.value().name() + "__" + (fresh++), ev.value().line(), ev.value().col());
        inner.declare(ev.value().name(), v.name());
        List<Literal> b = body(ev.body(), inner, true);
        r = new Expr.Every(k, v, dom, b);
      }
      List<Literal.With> withs = l.withs();
      if (!withs.isEmpty()) {
        List<Literal.With> w2 = new ArrayList<>();
        for (Literal.With w : withs) {
          w2.add(new Literal.With(withTarget(w.target()), term(w.value(), s)));
        }
        withs = w2;
      }
      return new Literal(r, l.negated(), withs, l.line(), l.col());
    }

    Term term(Term t, Scope s) {
      if (t instanceof Term.Var v) {
        if (v.name().equals("_")) {
          return new Term.Var("_" + (fresh++), v.line(), v.col());
        }
        String local = s.lookup(v.name());
        if (local != null) {
          return new Term.Var(local, v.line(), v.col());
        }
        Term g = globals.get(v.name());
        if (g != null) {
          return g;
        }
        return v;
      }
      if (t instanceof Term.Ref r) {
        Term head = term(r.head(), s);
        List<Term> ops = new ArrayList<>();
        if (head instanceof Term.Ref hr) {
          ops.addAll(hr.ops());
          head = hr.head();
        }
        for (Term o : r.ops()) {
          ops.add(term(o, s));
        }
        return new Term.Ref(head, List.copyOf(ops), r.line(), r.col());
      }
      if (t instanceof Term.Call c) {
        List<Term> args = new ArrayList<>();
        for (Term a : c.args()) {
          args.add(term(a, s));
        }
        String name = callName(c);
        if (args.isEmpty() && metaChain != null) {
          if (name.equals("rego.metadata.chain")) {
            return new Term.Scalar(metaChain, c.line(), c.col());
          }
          if (name.equals("rego.metadata.rule")) {
            return new Term.Scalar(metaRule, c.line(), c.col());
          }
        }
        if (NETWORK_BUILTINS.contains(name)) {
          throw new RegoCompileException(
              "rego_compile_error",
              c.line(),
              c.col(),
              name + " is not available: policies evaluated by the KBS must not reach the network");
        }
        for (Map.Entry<String, String> n : NON_GOALS.entrySet()) {
          if (name.startsWith(n.getKey())) {
            throw new RegoCompileException(
                "rego_compile_error",
                c.line(),
                c.col(),
                name + " is not available: " + n.getValue());
          }
        }
        return new Term.Call(name, args, c.line(), c.col());
      }
      if (t instanceof Term.ArrayLit a) {
        return folded(new Term.ArrayLit(terms(a.items(), s), a.line(), a.col()));
      }
      if (t instanceof Term.SetLit a) {
        return folded(new Term.SetLit(terms(a.items(), s), a.line(), a.col()));
      }
      if (t instanceof Term.ObjectLit o) {
        return folded(
            new Term.ObjectLit(terms(o.keys(), s), terms(o.values(), s), o.line(), o.col()));
      }
      if (t instanceof Term.Compr c) {
        Scope inner = new Scope(s, true);
        List<Literal> b = body(c.body(), inner, true);
        return new Term.Compr(
            c.kind(),
            c.key() == null ? null : term(c.key(), inner),
            term(c.value(), inner),
            b,
            c.line(),
            c.col());
      }
      return t;
    }

    private List<Term> terms(List<Term> ts, Scope s) {
      List<Term> out = new ArrayList<>(ts.size());
      for (Term t : ts) {
        out.add(term(t, s));
      }
      return out;
    }

    /** {@code input...}/{@code data...} targets stay; function targets become resolved names. */
    private Term withTarget(Term t) {
      Term head = t instanceof Term.Ref r ? r.head() : t;
      if (head instanceof Term.Var v && Safety.isRoot(v.name())) {
        return t;
      }
      StringBuilder sb = new StringBuilder();
      if (head instanceof Term.Var v) {
        sb.append(v.name());
      }
      if (t instanceof Term.Ref r) {
        for (Term o : r.ops()) {
          if (o instanceof Term.Scalar sc && sc.value() instanceof StringValue sv) {
            sb.append('.').append(sv.value());
          }
        }
      }
      return new Term.Var(
          callName(new Term.Call(sb.toString(), List.of(), t.line(), t.col())), t.line(), t.col());
    }

    private String callName(Term.Call c) {
      String name = c.name();
      if (name.startsWith("data.")) {
        return name;
      }
      int dot = name.indexOf('.');
      String first = dot < 0 ? name : name.substring(0, dot);
      Term g = globals.get(first);
      if (g instanceof Term.Ref r && r.head() instanceof Term.Var hv) {
        StringBuilder sb = new StringBuilder(hv.name());
        for (Term o : r.ops()) {
          sb.append('.').append(((StringValue) ((Term.Scalar) o).value()).value());
        }
        String resolved = sb + (dot < 0 ? "" : name.substring(dot));
        if (resolved.startsWith("data.")) {
          return resolved;
        }
      }
      if (!Builtins.exists(name)) {
        String candidate = "data." + String.join(".", pkg) + "." + name;
        if (!pkg.isEmpty() && rules.containsKey(candidate.substring(5))) {
          return candidate;
        }
      }
      return name;
    }
  }

  /**
   * A collection literal whose elements are all constants becomes one constant value, built once
   * here instead of element by element at every evaluation. Besides the time, this keeps large
   * literals (allow-lists of thousands of digests) from recursing once per element in the
   * evaluator. An object literal with a repeated key is left to the evaluator, which reports it.
   */
  private static Term folded(Term t) {
    if (t instanceof Term.ArrayLit a && allScalars(a.items())) {
      return new Term.Scalar(ArrayValue.of(scalars(a.items())), a.line(), a.col());
    }
    if (t instanceof Term.SetLit a && allScalars(a.items())) {
      return new Term.Scalar(SetValue.of(scalars(a.items())), a.line(), a.col());
    }
    if (t instanceof Term.ObjectLit o && allScalars(o.keys()) && allScalars(o.values())) {
      Map<Value, Value> m = new java.util.LinkedHashMap<>();
      for (int i = 0; i < o.keys().size(); i++) {
        if (m.put(
                ((Term.Scalar) o.keys().get(i)).value(), ((Term.Scalar) o.values().get(i)).value())
            != null) {
          return t;
        }
      }
      return new Term.Scalar(ObjectValue.of(m), o.line(), o.col());
    }
    return t;
  }

  private static boolean allScalars(List<Term> items) {
    for (Term i : items) {
      if (!(i instanceof Term.Scalar)) {
        return false;
      }
    }
    return true;
  }

  private static List<Value> scalars(List<Term> items) {
    List<Value> out = new ArrayList<>(items.size());
    items.forEach(i -> out.add(((Term.Scalar) i).value()));
    return out;
  }
}
