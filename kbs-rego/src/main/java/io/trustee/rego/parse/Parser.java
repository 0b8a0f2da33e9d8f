package io.trustee.rego.parse;

import io.trustee.rego.BooleanValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import io.trustee.rego.ast.Literal;
import io.trustee.rego.ast.Module;
import io.trustee.rego.ast.Rule;
import io.trustee.rego.ast.Term;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser for Rego v1 modules, queries and terms. The grammar is layered: {@link
 * TokenCursor} walks the tokens, {@link TermParser} parses bodies, literals, expressions and terms,
 * and this class parses modules, imports and rules (heads, rule-head references, functions, {@code
 * contains}, {@code else} chains, the v0 partial-set form) and offers the entry points. Instances
 * are single-use and not thread-safe; the static methods are thread-safe.
 */
public final class Parser extends TermParser {
  private final String file;
  private boolean v0;

  private Parser(String src, String file) {
    super(src);
    this.file = file;
  }

  private Parser(String src, String file, int start, int end) {
    super(src, start, end);
    this.file = file;
  }

  @Override
  Term subExpr(int start, int end) {
    Parser sub = new Parser(src, file, start, end);
    sub.v0 = v0;
    if (sub.peek().kind() == Token.Kind.EOF) {
      throw sub.err(sub.peek(), "empty template string expression");
    }
    Term e = sub.exprComma();
    if (sub.peek().kind() != Token.Kind.EOF) {
      throw sub.err(
          sub.peek(), "unexpected " + sub.peek().text() + " in template string expression");
    }
    return e;
  }

  /** Parses a Rego v1 module. */
  public static Module parseModule(String src, String file) {
    return new Parser(src, file).module();
  }

  /**
   * Parses a module in Rego v0 compatibility mode: {@code p[x] { ... }} without a value is a
   * partial set (as in v0), and bodies need no {@code if}.
   */
  public static Module parseModuleV0(String src, String file) {
    Parser p = new Parser(src, file);
    p.v0 = true;
    return p.module();
  }

  /** Parses a query (a body). */
  public static List<Literal> parseQuery(String src) {
    Parser ps = new Parser(src, "query");
    List<Literal> out = new ArrayList<>();
    while (ps.peek().kind() != Token.Kind.EOF) {
      out.add(ps.literal());
      if (ps.peek().is(";")) {
        ps.p++;
      } else if (ps.peek().kind() != Token.Kind.EOF && !ps.peek().nlBefore()) {
        throw ps.err(ps.peek(), "unexpected " + ps.peek().text());
      }
    }
    return out;
  }

  /** Parses a single term (for {@code input_term}). */
  public static Term parseTerm(String src) {
    Parser ps = new Parser(src, "term");
    Term t = ps.expr();
    if (ps.peek().kind() != Token.Kind.EOF) {
      throw ps.err(ps.peek(), "unexpected " + ps.peek().text());
    }
    return t;
  }

  // ---------------------------------------------------------------- modules

  private Module module() {
    Token pkgTok = expect("package");
    Term pkg = term();
    List<String> path = refPath(pkg, false);
    List<Module.Import> imports = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    // Statement start lines with their rule (null for the package and imports), for annotations.
    List<Integer> stmtLines = new ArrayList<>();
    List<Rule> stmtRules = new ArrayList<>();
    stmtLines.add(pkgTok.line());
    stmtRules.add(null);
    while (peek().kind() != Token.Kind.EOF) {
      int startLine = peek().line();
      if (atKw("import")) {
        Token it = next();
        Term t = term();
        String alias = null;
        if (accept("as")) {
          alias = ident();
        }
        stmtLines.add(startLine);
        stmtRules.add(null);
        List<String> ip = refPath(t, true);
        if (ip.get(0).equals("rego") || ip.get(0).equals("future")) {
          continue;
        }
        if (!ip.get(0).equals("data") && !ip.get(0).equals("input")) {
          throw err(it, "invalid import path " + String.join(".", ip));
        }
        Term.Ref ref = t instanceof Term.Ref r ? r : new Term.Ref(t, List.of(), t.line(), t.col());
        imports.add(new Module.Import(ref, alias));
      } else {
        Rule r = rule();
        rules.add(r);
        stmtLines.add(startLine);
        stmtRules.add(r);
      }
    }
    Value pkgAnn = null;
    Map<String, Value> ruleAnn = new HashMap<>();
    for (Annotations.Block b : Annotations.blocks(comments)) {
      int i = 0;
      while (i < stmtLines.size() && stmtLines.get(i) <= b.lastLine()) {
        i++;
      }
      if (i == stmtLines.size()) {
        continue;
      }
      Rule target = stmtRules.get(i);
      if (i == 0) {
        pkgAnn = Annotations.parse(b, true);
      } else if (target != null) {
        ruleAnn.put(Module.ruleKey(target), Annotations.parse(b, false));
      }
    }
    return new Module(path, imports, rules, file, pkgAnn, Map.copyOf(ruleAnn));
  }

  private List<String> refPath(Term t, boolean keepHead) {
    List<String> out = new ArrayList<>();
    if (t instanceof Term.Var v) {
      out.add(v.name());
    } else if (t instanceof Term.Ref r && r.head() instanceof Term.Var v) {
      out.add(v.name());
      for (Term op : r.ops()) {
        if (op instanceof Term.Scalar s && s.value() instanceof StringValue sv) {
          out.add(sv.value());
        } else {
          throw err(toks.get(p - 1), "invalid path");
        }
      }
    } else {
      throw err(toks.get(p - 1), "invalid path");
    }
    return out;
  }

  private Rule rule() {
    boolean isDefault = acceptKw("default");
    Token nameTok = peek();
    boolean refHead = refFollows(0);
    String name = ident();
    if (KEYWORDS.contains(name) && !refHead) {
      throw err(nameTok, "unexpected keyword " + name);
    }
    List<Term> args = null;
    List<Term> keys = new ArrayList<>();
    Term value = null;
    Rule.Kind kind = Rule.Kind.COMPLETE;
    while (!peek().wsBefore() && (peek().is(".") || peek().is("["))) {
      if (accept(".")) {
        Token id = peek();
        String seg = ident();
        if (keys.isEmpty()) {
          name = name + "." + seg;
        } else {
          keys.add(new Term.Scalar(StringValue.of(seg), id.line(), id.col()));
        }
      } else {
        p++;
        ctx.push(new Ctx(false, false));
        Term k = expr();
        ctx.pop();
        expect("]");
        if (!v0
            && keys.isEmpty()
            && k instanceof Term.Scalar sc
            && sc.value() instanceof StringValue sv
            && !sv.value().contains(".")
            && !sv.value().isEmpty()) {
          name = name + "." + sv.value();
        } else {
          keys.add(k);
        }
      }
    }
    if (keys.isEmpty() && peek().is("(") && !peek().wsBefore()) {
      p++;
      args = arguments(new ArrayList<>());
      kind = Rule.Kind.FUNCTION;
    } else if (!keys.isEmpty()) {
      kind = Rule.Kind.OBJECT;
    }
    if (v0 && keys.size() == 1 && !peek().is(":=") && !peek().is("=") && !peek().is("contains")) {
      // Rego v0: `p[x] { ... }` defines a partial set.
      Term key0 = keys.get(0);
      Term elem = new Term.Scalar(BooleanValue.TRUE, nameTok.line(), nameTok.col());
      List<Literal> body0 = isDefault ? List.of() : ruleBody();
      Rule else0 = elseChain(Rule.Kind.SET, nameTok);
      return new Rule(
          Rule.Kind.SET,
          name,
          null,
          key0,
          List.of(),
          elem,
          body0,
          else0,
          isDefault,
          file,
          nameTok.line(),
          nameTok.col());
    }
    Term key = keys.isEmpty() ? null : keys.get(0);
    List<Term> moreKeys = keys.size() > 1 ? List.copyOf(keys.subList(1, keys.size())) : List.of();
    if (acceptKw("contains")) {
      if (kind == Rule.Kind.FUNCTION) {
        throw err(nameTok, "functions cannot use contains");
      }
      // For `p[x] contains y` the reference keys become the path to the set.
      moreKeys = List.copyOf(keys);
      key = expr();
      kind = Rule.Kind.SET;
    }
    if (accept(":=") || accept("=")) {
      value = expr();
    }
    if (kind == Rule.Kind.SET && value != null) {
      throw err(nameTok, "set rules cannot have a value");
    }
    if (value == null) {
      value = new Term.Scalar(BooleanValue.TRUE, nameTok.line(), nameTok.col());
    }
    List<Literal> body = isDefault ? List.of() : ruleBody();
    Rule elseRule = elseChain(kind, nameTok);
    return new Rule(
        kind,
        name,
        args,
        key,
        moreKeys,
        value,
        body,
        elseRule,
        isDefault,
        file,
        nameTok.line(),
        nameTok.col());
  }

  private List<Literal> ruleBody() {
    if (acceptKw("if")) {
      if (peek().is("{") && !braceIsTerm()) {
        return braceBody();
      }
      ctx.push(new Ctx(true, false));
      Literal l = literal();
      ctx.pop();
      return List.of(l);
    }
    if (peek().is("{")) {
      return braceBody();
    }
    return List.of();
  }

  private Rule elseChain(Rule.Kind kind, Token nameTok) {
    if (!atKw("else")) {
      return null;
    }
    Token e = next();
    Term value = new Term.Scalar(BooleanValue.TRUE, e.line(), e.col());
    if (accept(":=") || accept("=")) {
      value = expr();
    }
    List<Literal> body = ruleBody();
    Rule rest = elseChain(kind, nameTok);
    return new Rule(
        kind,
        nameTok.text(),
        null,
        null,
        List.of(),
        value,
        body,
        rest,
        false,
        file,
        e.line(),
        e.col());
  }
}
