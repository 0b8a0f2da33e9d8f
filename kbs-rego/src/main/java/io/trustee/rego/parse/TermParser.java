package io.trustee.rego.parse;

import io.trustee.rego.BooleanValue;
import io.trustee.rego.NullValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.RegoCompileException;
import io.trustee.rego.StringValue;
import io.trustee.rego.ast.Expr;
import io.trustee.rego.ast.Literal;
import io.trustee.rego.ast.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expression grammar of Rego under a {@link Parser}: bodies and literals ({@code some}, {@code
 * every}, {@code not}, {@code with}, assignment and unification), the operator precedence levels
 * from membership down to unary minus, and terms (references, calls, scalars, array, set and object
 * literals and comprehensions). Single-use and not thread-safe.
 */
abstract class TermParser extends TokenCursor {
  static final Set<String> KEYWORDS =
      Set.of(
          "if",
          "else",
          "with",
          "as",
          "contains",
          "not",
          "some",
          "every",
          "in",
          "default",
          "import",
          "package");
  private static final Map<String, String> REL =
      Map.of("==", "equal", "!=", "neq", "<", "lt", "<=", "lte", ">", "gt", ">=", "gte");

  TermParser(String src) {
    super(src);
  }

  TermParser(String src, int start, int end) {
    super(src, start, end);
  }

  /** Parses the expression of a template string part, {@code src[start, end)}. */
  abstract Term subExpr(int start, int end);

  // ---------------------------------------------------------------- bodies

  List<Literal> braceBody() {
    expect("{");
    List<Literal> out = literals("}");
    expect("}");
    return out;
  }

  /** Literals separated by ';' or newlines, up to (not including) {@code end}. */
  List<Literal> literals(String end) {
    ctx.push(new Ctx(true, false));
    List<Literal> out = new ArrayList<>();
    while (!peek().is(end)) {
      if (peek().kind() == Token.Kind.EOF) {
        throw err(peek(), "unexpected EOF");
      }
      out.add(literal());
      if (accept(";")) {
        continue;
      }
      if (!peek().is(end) && !peek().nlBefore()) {
        throw err(peek(), "unexpected " + peek().text());
      }
    }
    ctx.pop();
    if (out.isEmpty()) {
      throw err(peek(), "found empty body");
    }
    return out;
  }

  // ---------------------------------------------------------------- literals

  Literal literal() {
    Token start = peek();
    Expr e;
    boolean neg = false;
    if (acceptKw("some")) {
      e = someExpr(start);
    } else if (acceptKw("every")) {
      Term a = term();
      Term b = null;
      if (accept(",")) {
        b = term();
      }
      expect("in");
      Term dom = relation();
      List<Literal> body = braceBody();
      Term.Var kv = b == null ? null : asVar(a, start);
      Term.Var vv = asVar(b == null ? a : b, start);
      e = new Expr.Every(kv, vv, dom, body);
    } else {
      neg = acceptKw("not");
      if (neg && peek().is("{") && looksLikeBody()) {
        e = new Expr.Block(braceBody());
      } else {
        Term left = exprComma();
        if (!stopNl() && accept(":=")) {
          e = new Expr.Assign(left, exprComma());
        } else if (!stopNl() && accept("=")) {
          e = new Expr.Unify(left, exprComma());
        } else {
          e = new Expr.TermExpr(left);
        }
      }
    }
    List<Literal.With> withs = new ArrayList<>();
    // `with` may continue a literal on the next line: no literal can start with it.
    while (acceptKw("with")) {
      Term target = term();
      expect("as");
      withs.add(new Literal.With(target, relation()));
    }
    return new Literal(e, neg, withs, start.line(), start.col());
  }

  /** After {@code not}, a brace starts a body unless it reads as a set or object literal. */
  private boolean looksLikeBody() {
    int save = p;
    try {
      p++;
      ctx.push(new Ctx(false, true));
      try {
        if (peek().is("}")) {
          return false;
        }
        expr();
        Token t = peek();
        return !(t.is(",") || t.is(":") || t.is("}")) || t.nlBefore() && t.is("}");
      } finally {
        ctx.pop();
      }
    } catch (RegoCompileException ex) {
      return true;
    } finally {
      p = save;
    }
  }

  /**
   * After {@code if}, a brace that opens an object literal or object comprehension ({@code {k: v |
   * ...}}) is the single literal of the body, not a block: a block never has {@code :} after its
   * first expression.
   */
  boolean braceIsTerm() {
    Token first = peek(1);
    if (first.is("}") || first.kind() == Token.Kind.IDENT && KEYWORDS.contains(first.text())) {
      return false;
    }
    int save = p;
    try {
      p++;
      ctx.push(new Ctx(false, true));
      try {
        expr();
        return peek().is(":");
      } finally {
        ctx.pop();
      }
    } catch (RegoCompileException ex) {
      return false;
    } finally {
      p = save;
    }
  }

  private Expr someExpr(Token start) {
    List<Term> terms = new ArrayList<>();
    do {
      terms.add(relation());
    } while (accept(","));
    if (accept("in")) {
      Term coll = relation();
      if (terms.size() > 2) {
        throw err(start, "too many terms in some");
      }
      Term k = terms.size() == 2 ? terms.get(0) : null;
      Term v = terms.get(terms.size() - 1);
      return new Expr.SomeIn(k, v, coll);
    }
    List<Term.Var> vars = new ArrayList<>();
    for (Term t : terms) {
      if (!(t instanceof Term.Var v)) {
        throw err(start, "expected var in some declaration");
      }
      vars.add(v);
    }
    return new Expr.SomeDecl(vars);
  }

  /** An expression that may be {@code key, value in collection} (literal level, parens). */
  Term exprComma() {
    Term l = expr();
    if (peek().is(",")) {
      int save = p;
      p++;
      try {
        Term v = relation();
        if (peek().is("in")) {
          Token op = next();
          Term c = relation();
          Term r = new Term.Call("internal.member_3", List.of(l, v, c), op.line(), op.col());
          while (!stopNl() && peek().is("in")) {
            Token op2 = next();
            r = new Term.Call("internal.member_2", List.of(r, relation()), op2.line(), op2.col());
          }
          return r;
        }
      } catch (RegoCompileException ex) {
        // not a membership expression
      }
      p = save;
    }
    return l;
  }

  private Term.Var asVar(Term t, Token at) {
    if (t instanceof Term.Var v) {
      return v;
    }
    throw err(at, "expected variable in every");
  }

  // ---------------------------------------------------------------- expressions

  Term expr() {
    Term l = relation();
    while (!stopNl() && peek().is("in")) {
      Token op = next();
      Term r = relation();
      l = new Term.Call("internal.member_2", List.of(l, r), op.line(), op.col());
    }
    return l;
  }

  Term relation() {
    Term l = or();
    while (!stopNl() && peek().kind() == Token.Kind.OP && REL.containsKey(peek().text())) {
      Token op = next();
      Term r = or();
      l = new Term.Call(REL.get(op.text()), List.of(l, r), op.line(), op.col());
    }
    return l;
  }

  private Term or() {
    Term l = and();
    while (!stopNl() && !ctx.peek().noBar() && peek().is("|")) {
      Token op = next();
      Term r = and();
      l = new Term.Call("or", List.of(l, r), op.line(), op.col());
    }
    return l;
  }

  private Term and() {
    Term l = arith();
    while (!stopNl() && peek().is("&")) {
      Token op = next();
      Term r = arith();
      l = new Term.Call("and", List.of(l, r), op.line(), op.col());
    }
    return l;
  }

  private Term arith() {
    Term l = factor();
    while (!stopNl() && (peek().is("+") || peek().is("-"))) {
      Token op = next();
      Term r = factor();
      l =
          new Term.Call(
              op.text().equals("+") ? "plus" : "minus", List.of(l, r), op.line(), op.col());
    }
    return l;
  }

  private Term factor() {
    Term l = unary();
    while (!stopNl() && (peek().is("*") || peek().is("/") || peek().is("%"))) {
      Token op = next();
      Term r = unary();
      String name =
          switch (op.text()) {
            case "*" -> "mul";
            case "/" -> "div";
            default -> "rem";
          };
      l = new Term.Call(name, List.of(l, r), op.line(), op.col());
    }
    return l;
  }

  private Term unary() {
    if (peek().is("-")) {
      Token op = next();
      if (peek().kind() == Token.Kind.NUMBER && !peek().wsBefore()) {
        Token n = next();
        return postfix(new Term.Scalar(number(n, "-" + n.text()), op.line(), op.col()));
      }
      Term t = unary();
      return new Term.Call(
          "minus",
          List.of(new Term.Scalar(NumberValue.ZERO, op.line(), op.col()), t),
          op.line(),
          op.col());
    }
    return term();
  }

  // ---------------------------------------------------------------- terms

  Term term() {
    return postfix(primary());
  }

  private Term postfix(Term t) {
    List<Term> ops = new ArrayList<>();
    Term head = t;
    while (true) {
      Token tk = peek();
      if (tk.is(".") && !tk.wsBefore() && peek(1).kind() == Token.Kind.IDENT) {
        p++;
        Token id = next();
        ops.add(new Term.Scalar(StringValue.of(id.text()), id.line(), id.col()));
      } else if (tk.is("[") && !tk.wsBefore()) {
        p++;
        ctx.push(new Ctx(false, false));
        ops.add(expr());
        ctx.pop();
        expect("]");
      } else if (tk.is("(")
          && !tk.wsBefore()
          && head instanceof Term.Var
          && !ops.isEmpty()
          && !callable(head, ops)) {
        // Dynamic dispatch, data.rules[x].match(r): the reference goes first among the operands.
        p++;
        List<Term> args = new ArrayList<>();
        args.add(new Term.Ref(head, List.copyOf(ops), t.line(), t.col()));
        head = new Term.Call(DYNAMIC_CALL, arguments(args), t.line(), t.col());
        ops = new ArrayList<>();
      } else if (tk.is("(") && !tk.wsBefore() && callable(head, ops)) {
        p++;
        String name = callName(head, ops);
        head = new Term.Call(name, arguments(new ArrayList<>()), t.line(), t.col());
        ops = new ArrayList<>();
      } else {
        break;
      }
    }
    return ops.isEmpty() ? head : new Term.Ref(head, List.copyOf(ops), t.line(), t.col());
  }

  /**
   * The arguments of a call or function head after its {@code (}, up to and including the {@code
   * )}, appended to {@code args}; a trailing comma is allowed, as in OPA.
   */
  protected final List<Term> arguments(List<Term> args) {
    ctx.push(new Ctx(false, false));
    if (!peek().is(")")) {
      do {
        args.add(expr());
      } while (accept(",") && !peek().is(")"));
    }
    ctx.pop();
    expect(")");
    return args;
  }

  private static boolean callable(Term head, List<Term> ops) {
    if (!(head instanceof Term.Var)) {
      return false;
    }
    for (Term o : ops) {
      if (!(o instanceof Term.Scalar s && s.value() instanceof StringValue)) {
        return false;
      }
    }
    return true;
  }

  private static String callName(Term head, List<Term> ops) {
    StringBuilder sb = new StringBuilder(((Term.Var) head).name());
    for (Term o : ops) {
      sb.append('.').append(((StringValue) ((Term.Scalar) o).value()).value());
    }
    return sb.toString();
  }

  private Term primary() {
    Token t = next();
    switch (t.kind()) {
      case NUMBER:
        return new Term.Scalar(number(t, t.text()), t.line(), t.col());
      case STRING:
        return new Term.Scalar(StringValue.of(t.text()), t.line(), t.col());
      case TEMPLATE:
        return template(t);
      case IDENT:
        if (refFollows(-1)) {
          // A keyword or constant name used as a reference head: `if.foo`, `true.x`.
          return new Term.Var(t.text(), t.line(), t.col());
        }
        switch (t.text()) {
          case "true":
            return new Term.Scalar(BooleanValue.TRUE, t.line(), t.col());
          case "false":
            return new Term.Scalar(BooleanValue.FALSE, t.line(), t.col());
          case "null":
            return new Term.Scalar(NullValue.INSTANCE, t.line(), t.col());
          case "set":
            if (peek().is("(") && peek(1).is(")")) {
              p += 2;
              return new Term.SetLit(List.of(), t.line(), t.col());
            }
            break;
          default:
            break;
        }
        if (KEYWORDS.contains(t.text())
            && !(t.text().equals("contains") && peek().is("(") && !peek().wsBefore())) {
          throw err(t, "unexpected " + t.text() + " keyword");
        }
        return new Term.Var(t.text(), t.line(), t.col());
      case OP:
        if (t.is("(")) {
          ctx.push(new Ctx(false, false));
          Term e = exprComma();
          ctx.pop();
          expect(")");
          return e;
        }
        if (t.is("[")) {
          return arrayOrCompr(t);
        }
        if (t.is("{")) {
          return braceTerm(t);
        }
        throw err(t, "unexpected " + t.text());
      default:
        throw err(t, "unexpected end of input");
    }
  }

  /** The call of a function through a reference with variables (evaluated by CallEvaluator). */
  static final String DYNAMIC_CALL = "internal.dynamic_call";

  /** Name of the variable of the set comprehension around each template expression. */
  static final String TEMPLATE_VAR = "$t";

  /** The call that renders a template string (evaluated by the engine's TemplateStrings). */
  static final String TEMPLATE_CALL = "internal.template_string";

  /**
   * A template string becomes {@code internal.template_string([parts...])}: literal text stays a
   * string, and each expression {@code e} becomes the set comprehension {@code {v | v := e}}, so an
   * undefined expression yields an empty set (rendered {@code <undefined>}) instead of making the
   * whole string undefined. A template without expressions is a plain string.
   */
  private Term template(Token t) {
    List<Term> parts = new ArrayList<>();
    boolean dynamic = false;
    StringBuilder plain = new StringBuilder();
    for (Object part : t.parts()) {
      if (part instanceof String lit) {
        parts.add(new Term.Scalar(StringValue.of(lit), t.line(), t.col()));
        plain.append(lit);
      } else {
        int[] r = (int[]) part;
        Term e = subExpr(r[0], r[1]);
        Term.Var v = new Term.Var(TEMPLATE_VAR, e.line(), e.col());
        Literal assign = new Literal(new Expr.Assign(v, e), false, List.of(), e.line(), e.col());
        parts.add(new Term.Compr(Term.ComprKind.SET, null, v, List.of(assign), e.line(), e.col()));
        dynamic = true;
      }
    }
    if (!dynamic) {
      return new Term.Scalar(StringValue.of(plain.toString()), t.line(), t.col());
    }
    return new Term.Call(
        TEMPLATE_CALL, List.of(new Term.ArrayLit(parts, t.line(), t.col())), t.line(), t.col());
  }

  private Term firstElem() {
    ctx.push(new Ctx(false, true));
    Term e = expr();
    ctx.pop();
    return e;
  }

  private Term elem() {
    ctx.push(new Ctx(false, false));
    Term e = expr();
    ctx.pop();
    return e;
  }

  private Term arrayOrCompr(Token open) {
    if (accept("]")) {
      return new Term.ArrayLit(List.of(), open.line(), open.col());
    }
    Term first = firstElem();
    if (accept("|")) {
      List<Literal> body = literals("]");
      expect("]");
      return new Term.Compr(Term.ComprKind.ARRAY, null, first, body, open.line(), open.col());
    }
    List<Term> items = new ArrayList<>();
    items.add(first);
    while (accept(",")) {
      if (peek().is("]")) {
        break;
      }
      items.add(elem());
    }
    expect("]");
    return new Term.ArrayLit(items, open.line(), open.col());
  }

  private Term braceTerm(Token open) {
    if (accept("}")) {
      return new Term.ObjectLit(List.of(), List.of(), open.line(), open.col());
    }
    Term first = firstElem();
    if (accept(":")) {
      Term v = firstElem();
      if (accept("|")) {
        List<Literal> body = literals("}");
        expect("}");
        return new Term.Compr(Term.ComprKind.OBJECT, first, v, body, open.line(), open.col());
      }
      List<Term> ks = new ArrayList<>();
      List<Term> vs = new ArrayList<>();
      ks.add(first);
      vs.add(v);
      while (accept(",")) {
        if (peek().is("}")) {
          break;
        }
        ks.add(elem());
        expect(":");
        vs.add(elem());
      }
      expect("}");
      return new Term.ObjectLit(ks, vs, open.line(), open.col());
    }
    if (accept("|")) {
      List<Literal> body = literals("}");
      expect("}");
      return new Term.Compr(Term.ComprKind.SET, null, first, body, open.line(), open.col());
    }
    List<Term> items = new ArrayList<>();
    items.add(first);
    while (accept(",")) {
      if (peek().is("}")) {
        break;
      }
      items.add(elem());
    }
    expect("}");
    return new Term.SetLit(items, open.line(), open.col());
  }
}
