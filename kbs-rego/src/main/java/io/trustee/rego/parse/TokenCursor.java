package io.trustee.rego.parse;

import io.trustee.rego.NumberValue;
import io.trustee.rego.RegoCompileException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The token stream under a {@link Parser}: the tokens of one source text, the position, look-ahead,
 * {@code accept}/{@code expect} and the stack of contexts that decides whether a newline or a
 * {@code |} ends an expression. Also turns a token into a parse error with its line and column.
 * Single-use and not thread-safe.
 */
abstract class TokenCursor {
  /** What ends an expression here: a newline ({@code nl}) and/or a {@code |} ({@code noBar}). */
  record Ctx(boolean nl, boolean noBar) {}

  final List<Token> toks;
  final List<Lexer.Comment> comments = new java.util.ArrayList<>();
  final Deque<Ctx> ctx = new ArrayDeque<>();
  int p;

  final String src;

  TokenCursor(String src) {
    this.src = src;
    this.toks = Lexer.tokenize(src, comments);
    ctx.push(new Ctx(true, false));
  }

  /** A cursor over {@code src[start, end)}, with positions in the whole source. */
  TokenCursor(String src, int start, int end) {
    this.src = src;
    this.toks = Lexer.tokenizeRange(src, start, end);
    ctx.push(new Ctx(false, false));
  }

  Token peek() {
    return toks.get(p);
  }

  Token peek(int k) {
    return toks.get(Math.min(p + k, toks.size() - 1));
  }

  Token next() {
    return toks.get(p++);
  }

  /**
   * A number literal; one BigDecimal cannot hold (an exponent beyond the int range, e.g. {@code
   * 2e3846494546303}) is a parse error, not a NumberFormatException escaping the compiler.
   */
  NumberValue number(Token t, String text) {
    try {
      return NumberValue.parse(text);
    } catch (NumberFormatException e) {
      throw err(t, "number literal out of range: " + abbreviate(text));
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  RegoCompileException err(Token t, String msg) {
    return new RegoCompileException("rego_parse_error", t.line(), t.col(), msg);
  }

  boolean accept(String s) {
    if (peek().is(s)) {
      p++;
      return true;
    }
    return false;
  }

  /**
   * True if the token at offset {@code k} is immediately followed by {@code .name} (no whitespace):
   * then a keyword there is the head of a reference such as {@code if.foo} or {@code data.x.every}.
   */
  boolean refFollows(int k) {
    Token dot = peek(k + 1);
    Token id = peek(k + 2);
    return dot.is(".") && !dot.wsBefore() && id.kind() == Token.Kind.IDENT && !id.wsBefore();
  }

  /**
   * True if the current token is the keyword {@code s} used as a keyword (not a reference head).
   */
  boolean atKw(String s) {
    return peek().is(s) && peek().kind() == Token.Kind.IDENT && !refFollows(0);
  }

  /** Consumes the keyword {@code s} if {@link #atKw} holds. */
  boolean acceptKw(String s) {
    if (atKw(s)) {
      p++;
      return true;
    }
    return false;
  }

  Token expect(String s) {
    Token t = next();
    if (!t.is(s)) {
      throw err(
          t, "expected " + s + " but found " + (t.kind() == Token.Kind.EOF ? "EOF" : t.text()));
    }
    return t;
  }

  String ident() {
    Token t = next();
    if (t.kind() != Token.Kind.IDENT) {
      throw err(t, "expected identifier but found " + t.text());
    }
    return t.text();
  }

  /** True if the current token ends an expression because of a newline. */
  boolean stopNl() {
    return ctx.peek().nl() && peek().nlBefore();
  }
}
