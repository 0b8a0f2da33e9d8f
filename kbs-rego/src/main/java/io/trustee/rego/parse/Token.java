package io.trustee.rego.parse;

/**
 * A lexical token. {@code nlBefore} says a newline separated it from the previous token and {@code
 * wsBefore} that any whitespace did. Immutable (the parts list of a template string is not copied).
 */
record Token(
    Kind kind,
    String text,
    int line,
    int col,
    boolean nlBefore,
    boolean wsBefore,
    java.util.List<Object> parts) {
  /** A token without template parts. */
  Token(Kind kind, String text, int line, int col, boolean nlBefore, boolean wsBefore) {
    this(kind, text, line, col, nlBefore, wsBefore, null);
  }

  enum Kind {
    IDENT,
    STRING,
    /** A template string; {@code parts} holds its literal text and expression ranges. */
    TEMPLATE,
    NUMBER,
    OP,
    EOF
  }

  boolean is(String s) {
    return (kind == Kind.OP || kind == Kind.IDENT) && text.equals(s);
  }
}
