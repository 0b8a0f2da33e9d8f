package io.trustee.rego.parse;

/**
 * A lexical token. {@code nlBefore} says a newline separated it from the previous token and {@code
 * wsBefore} that any whitespace did. Immutable.
 */
record Token(Kind kind, String text, int line, int col, boolean nlBefore, boolean wsBefore) {
  enum Kind {
    IDENT,
    STRING,
    NUMBER,
    OP,
    EOF
  }

  boolean is(String s) {
    return (kind == Kind.OP || kind == Kind.IDENT) && text.equals(s);
  }
}
