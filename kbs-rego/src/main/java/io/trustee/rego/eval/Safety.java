package io.trustee.rego.eval;

import io.trustee.rego.ast.Expr;
import io.trustee.rego.ast.Literal;
import io.trustee.rego.ast.Term;
import io.trustee.rego.builtins.Builtins;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Safety analysis: reorders the literals of a body so that each one runs after the literals that
 * bind the variables it reads, as OPA does, so that literal order in the source does not matter.
 * Nested bodies (comprehensions, {@code every}) are reordered with the variables bound at their
 * position. Slightly over 300 lines: the variable analysis covers every term and literal form.
 * Stateless apart from the function arity table; not shared between threads.
 */
final class Safety {
  private final Map<String, Integer> userArity;

  Safety(Map<String, Integer> userArity) {
    this.userArity = userArity;
  }

  static boolean isRoot(String name) {
    return name.equals("input") || name.equals("data");
  }

  /** Variables a pattern term can bind (vars in array/object-value positions). */
  static void patternVars(Term t, Set<String> out) {
    if (t instanceof Term.Var v) {
      if (!isRoot(v.name())) {
        out.add(v.name());
      }
    } else if (t instanceof Term.ArrayLit a) {
      for (Term e : a.items()) {
        patternVars(e, out);
      }
    } else if (t instanceof Term.ObjectLit o) {
      for (Term e : o.values()) {
        patternVars(e, out);
      }
    }
  }

  /** Every variable name occurring in a term, nested bodies included. */
  static void allVars(Term t, Set<String> out) {
    if (t == null) {
      return;
    }
    if (t instanceof Term.Var v) {
      if (!isRoot(v.name())) {
        out.add(v.name());
      }
    } else if (t instanceof Term.Ref r) {
      allVars(r.head(), out);
      r.ops().forEach(o -> allVars(o, out));
    } else if (t instanceof Term.Call c) {
      c.args().forEach(a -> allVars(a, out));
    } else if (t instanceof Term.ArrayLit a) {
      a.items().forEach(e -> allVars(e, out));
    } else if (t instanceof Term.SetLit a) {
      a.items().forEach(e -> allVars(e, out));
    } else if (t instanceof Term.ObjectLit o) {
      o.keys().forEach(e -> allVars(e, out));
      o.values().forEach(e -> allVars(e, out));
    } else if (t instanceof Term.Compr c) {
      allVars(c.key(), out);
      allVars(c.value(), out);
      c.body().forEach(l -> allVars(l, out));
    }
  }

  static void allVars(Literal l, Set<String> out) {
    Expr e = l.expr();
    if (e instanceof Expr.TermExpr t) {
      allVars(t.term(), out);
    } else if (e instanceof Expr.Unify u) {
      allVars(u.left(), out);
      allVars(u.right(), out);
    } else if (e instanceof Expr.Assign a) {
      allVars(a.left(), out);
      allVars(a.right(), out);
    } else if (e instanceof Expr.SomeDecl d) {
      d.vars().forEach(v -> allVars(v, out));
    } else if (e instanceof Expr.SomeIn s) {
      allVars(s.key(), out);
      allVars(s.value(), out);
      allVars(s.collection(), out);
    } else if (e instanceof Expr.Block b) {
      b.body().forEach(x -> allVars(x, out));
    } else if (e instanceof Expr.Every ev) {
      allVars(ev.key(), out);
      allVars(ev.value(), out);
      allVars(ev.domain(), out);
      ev.body().forEach(x -> allVars(x, out));
    }
    for (Literal.With w : l.withs()) {
      allVars(w.value(), out);
    }
  }

  /** Input (must be bound) and output (can be bound) variables of a term in value position. */
  private void io(Term t, Set<String> in, Set<String> out, Set<String> outside) {
    if (t instanceof Term.Var v) {
      if (!isRoot(v.name())) {
        in.add(v.name());
      }
    } else if (t instanceof Term.Ref r) {
      if (r.head() instanceof Term.Var v) {
        if (!isRoot(v.name())) {
          in.add(v.name());
        }
      } else {
        io(r.head(), in, out, outside);
      }
      for (Term o : r.ops()) {
        if (o instanceof Term.Var v) {
          out.add(v.name());
        } else {
          io(o, in, out, outside);
        }
      }
    } else if (t instanceof Term.Call c) {
      c.args().forEach(a -> io(a, in, out, outside));
    } else if (t instanceof Term.ArrayLit a) {
      a.items().forEach(e -> io(e, in, out, outside));
    } else if (t instanceof Term.SetLit a) {
      a.items().forEach(e -> io(e, in, out, outside));
    } else if (t instanceof Term.ObjectLit o) {
      o.keys().forEach(e -> io(e, in, out, outside));
      o.values().forEach(e -> io(e, in, out, outside));
    } else if (t instanceof Term.Compr) {
      Set<String> vs = new HashSet<>();
      allVars(t, vs);
      vs.retainAll(outside);
      in.addAll(vs);
    }
  }

  private void patternIo(Term t, Set<String> in, Set<String> out, Set<String> outside) {
    if (t instanceof Term.Var v) {
      if (!isRoot(v.name())) {
        out.add(v.name());
      }
    } else if (t instanceof Term.ArrayLit a) {
      a.items().forEach(e -> patternIo(e, in, out, outside));
    } else if (t instanceof Term.ObjectLit o) {
      o.keys().forEach(e -> io(e, in, out, outside));
      o.values().forEach(e -> patternIo(e, in, out, outside));
    } else {
      io(t, in, out, outside);
    }
  }

  int arity(String name) {
    Integer a = userArity.get(name);
    if (a != null) {
      return a;
    }
    return Builtins.arity(name);
  }

  private void literalIo(Literal l, Set<String> in, Set<String> out, Set<String> outside) {
    Expr e = l.expr();
    if (l.negated() || e instanceof Expr.Block) {
      Set<String> vs = new HashSet<>();
      allVars(l, vs);
      vs.retainAll(outside);
      in.addAll(vs);
      return;
    }
    if (e instanceof Expr.TermExpr t) {
      if (t.term() instanceof Term.Call c
          && c.args().size() == arity(c.name()) + 1
          && arity(c.name()) >= 0) {
        for (int i = 0; i < c.args().size() - 1; i++) {
          io(c.args().get(i), in, out, outside);
        }
        patternIo(c.args().get(c.args().size() - 1), in, out, outside);
      } else {
        io(t.term(), in, out, outside);
      }
    } else if (e instanceof Expr.Unify u) {
      patternIo(u.left(), in, out, outside);
      patternIo(u.right(), in, out, outside);
    } else if (e instanceof Expr.Assign a) {
      patternIo(a.left(), in, out, outside);
      patternIo(a.right(), in, out, outside);
    } else if (e instanceof Expr.SomeIn s) {
      io(s.collection(), in, out, outside);
      if (s.key() != null) {
        patternIo(s.key(), in, out, outside);
      }
      patternIo(s.value(), in, out, outside);
    } else if (e instanceof Expr.Every ev) {
      io(ev.domain(), in, out, outside);
      Set<String> vs = new HashSet<>();
      ev.body().forEach(x -> allVars(x, vs));
      vs.retainAll(outside);
      in.addAll(vs);
    }
    for (Literal.With w : l.withs()) {
      io(w.value(), in, out, outside);
    }
    in.removeAll(out);
  }

  /**
   * A unification can run once at least one side can be evaluated: {@code y = x} with both unbound
   * must wait for a literal that binds one of them.
   */
  private boolean unifiable(Literal l, Set<String> bound, Set<String> outside) {
    Term a;
    Term b;
    if (l.negated()) {
      return true;
    }
    if (l.expr() instanceof Expr.Unify u) {
      a = u.left();
      b = u.right();
    } else if (l.expr() instanceof Expr.Assign as) {
      a = as.left();
      b = as.right();
    } else {
      return true;
    }
    return pairUnifiable(a, b, bound, outside);
  }

  /** Either side evaluable, or both composite with every element pair unifiable. */
  private boolean pairUnifiable(Term a, Term b, Set<String> bound, Set<String> outside) {
    if (a instanceof Term.ArrayLit x
        && b instanceof Term.ArrayLit y
        && x.items().size() == y.items().size()) {
      for (int i = 0; i < x.items().size(); i++) {
        if (!pairUnifiable(x.items().get(i), y.items().get(i), bound, outside)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Term.ObjectLit x
        && b instanceof Term.ObjectLit y
        && x.values().size() == y.values().size()) {
      for (int i = 0; i < x.values().size(); i++) {
        if (!pairUnifiable(x.values().get(i), y.values().get(i), bound, outside)) {
          return false;
        }
      }
      return true;
    }
    Set<String> inA = new HashSet<>();
    io(a, inA, new HashSet<>(), outside);
    Set<String> inB = new HashSet<>();
    io(b, inB, new HashSet<>(), outside);
    return bound.containsAll(inA) || bound.containsAll(inB);
  }

  /** Reorders a body given the variables bound before it. */
  List<Literal> reorder(List<Literal> body, Set<String> boundBefore) {
    int n = body.size();
    List<Set<String>> varsOf = new ArrayList<>(n);
    for (Literal l : body) {
      Set<String> vs = new HashSet<>();
      allVars(l, vs);
      varsOf.add(vs);
    }
    Set<String> bound = new HashSet<>(boundBefore);
    boolean[] placed = new boolean[n];
    List<Literal> out = new ArrayList<>(n);
    for (int round = 0; round < n; round++) {
      int pick = -1;
      Set<String> pickOut = null;
      for (int i = 0; i < n && pick < 0; i++) {
        if (placed[i]) {
          continue;
        }
        Set<String> outside = new HashSet<>(boundBefore);
        for (int j = 0; j < n; j++) {
          if (j != i) {
            outside.addAll(varsOf.get(j));
          }
        }
        Set<String> in = new HashSet<>();
        Set<String> o = new HashSet<>();
        Literal lit = body.get(i);
        literalIo(lit, in, o, outside);
        if (bound.containsAll(in) && unifiable(lit, bound, outside)) {
          pick = i;
          pickOut = o;
        }
      }
      if (pick < 0) {
        for (int i = 0; i < n; i++) {
          if (!placed[i]) {
            pick = i;
            break;
          }
        }
        pickOut = new HashSet<>(varsOf.get(pick));
      }
      placed[pick] = true;
      out.add(nested(body.get(pick), bound));
      bound.addAll(pickOut);
    }
    return out;
  }

  /** Reorders the bodies nested in a literal (comprehensions, every). */
  private Literal nested(Literal l, Set<String> bound) {
    Expr e = l.expr();
    Expr r = e;
    if (e instanceof Expr.TermExpr t) {
      r = new Expr.TermExpr(nested(t.term(), bound));
    } else if (e instanceof Expr.Unify u) {
      r = new Expr.Unify(nested(u.left(), bound), nested(u.right(), bound));
    } else if (e instanceof Expr.Assign a) {
      r = new Expr.Assign(nested(a.left(), bound), nested(a.right(), bound));
    } else if (e instanceof Expr.SomeIn s) {
      r = new Expr.SomeIn(s.key(), s.value(), nested(s.collection(), bound));
    } else if (e instanceof Expr.Block blk) {
      r = new Expr.Block(reorder(blk.body(), bound));
    } else if (e instanceof Expr.Every ev) {
      Set<String> b = new HashSet<>(bound);
      if (ev.key() != null) {
        b.add(ev.key().name());
      }
      b.add(ev.value().name());
      r = new Expr.Every(ev.key(), ev.value(), nested(ev.domain(), bound), reorder(ev.body(), b));
    }
    return r == e ? l : new Literal(r, l.negated(), l.withs(), l.line(), l.col());
  }

  private Term nested(Term t, Set<String> bound) {
    if (t instanceof Term.Compr c) {
      return new Term.Compr(
          c.kind(), c.key(), c.value(), reorder(c.body(), bound), c.line(), c.col());
    }
    if (t instanceof Term.Call c) {
      List<Term> args = new ArrayList<>();
      c.args().forEach(a -> args.add(nested(a, bound)));
      return new Term.Call(c.name(), args, c.line(), c.col());
    }
    if (t instanceof Term.ArrayLit a) {
      List<Term> items = new ArrayList<>();
      a.items().forEach(x -> items.add(nested(x, bound)));
      return new Term.ArrayLit(items, a.line(), a.col());
    }
    if (t instanceof Term.SetLit a) {
      List<Term> items = new ArrayList<>();
      a.items().forEach(x -> items.add(nested(x, bound)));
      return new Term.SetLit(items, a.line(), a.col());
    }
    if (t instanceof Term.ObjectLit o) {
      List<Term> vs = new ArrayList<>();
      o.values().forEach(x -> vs.add(nested(x, bound)));
      return new Term.ObjectLit(o.keys(), vs, o.line(), o.col());
    }
    if (t instanceof Term.Ref r) {
      List<Term> ops = new ArrayList<>();
      r.ops().forEach(x -> ops.add(nested(x, bound)));
      return new Term.Ref(nested(r.head(), bound), ops, r.line(), r.col());
    }
    return t;
  }
}
