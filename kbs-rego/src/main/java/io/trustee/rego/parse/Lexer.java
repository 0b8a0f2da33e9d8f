package io.trustee.rego.parse;

import io.trustee.rego.RegoCompileException;
import java.util.ArrayList;
import java.util.List;

/** Splits Rego source into tokens. Not thread-safe; use {@link #tokenize}. */
final class Lexer {
  private static final String[] OPS = {
    ":=", "==", "!=", "<=", ">=", "{", "}", "[", "]", "(", ")", ".", ",", ";", ":", "=", "<", ">",
    "+", "-", "*", "/", "%", "&", "|"
  };

  /** A comment that starts in column 1: its line and its text after the {@code #}. */
  record Comment(int line, String text) {}

  private final String s;
  private final List<Comment> comments;
  private int pos;
  private int line = 1;
  private int lineStart;

  private Lexer(String s, List<Comment> comments) {
    this.s = s;
    this.comments = comments;
  }

  static List<Token> tokenize(String src) {
    return new Lexer(src, null).run();
  }

  /**
   * Tokenizes {@code src[start, end)} (the expression of a template string) with the line and
   * column positions of the whole source.
   */
  static List<Token> tokenizeRange(String src, int start, int end) {
    Lexer lx = new Lexer(src.substring(0, end), null);
    lx.pos = start;
    for (int i = 0; i < start; i++) {
      if (src.charAt(i) == '\n') {
        lx.line++;
        lx.lineStart = i + 1;
      }
    }
    return lx.run();
  }

  /** Tokenizes and adds the comments that start in column 1 to {@code comments}. */
  static List<Token> tokenize(String src, List<Comment> comments) {
    return new Lexer(src, comments).run();
  }

  private RegoCompileException err(String msg) {
    return new RegoCompileException("rego_parse_error", line, pos - lineStart + 1, msg);
  }

  private List<Token> run() {
    List<Token> out = new ArrayList<>();
    while (true) {
      boolean nl = false;
      boolean ws = false;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '\n') {
          nl = true;
          ws = true;
          pos++;
          line++;
          lineStart = pos;
        } else if (c == ' ' || c == '\t' || c == '\r') {
          ws = true;
          pos++;
        } else if (c == '#') {
          int from = pos;
          while (pos < s.length() && s.charAt(pos) != '\n') {
            pos++;
          }
          if (comments != null && from == lineStart) {
            int end = pos > from + 1 && s.charAt(pos - 1) == '\r' ? pos - 1 : pos;
            comments.add(new Comment(line, s.substring(from + 1, end)));
          }
        } else {
          break;
        }
      }
      int col = pos - lineStart + 1;
      if (pos >= s.length()) {
        out.add(new Token(Token.Kind.EOF, "", line, col, true, true));
        return out;
      }
      char c = s.charAt(pos);
      int start = pos;
      if (Character.isLetter(c) || c == '_') {
        while (pos < s.length()
            && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
          pos++;
        }
        out.add(new Token(Token.Kind.IDENT, s.substring(start, pos), line, col, nl, ws));
      } else if (Character.isDigit(c)) {
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        if (pos + 1 < s.length() && s.charAt(pos) == '.' && Character.isDigit(s.charAt(pos + 1))) {
          pos++;
          while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            pos++;
          }
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
          int save = pos;
          pos++;
          if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
            pos++;
          }
          if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
              pos++;
            }
          } else {
            pos = save;
          }
        }
        out.add(new Token(Token.Kind.NUMBER, s.substring(start, pos), line, col, nl, ws));
      } else if (c == '$'
          && pos + 1 < s.length()
          && (s.charAt(pos + 1) == '"' || s.charAt(pos + 1) == '`')) {
        int l0 = line;
        List<Object> parts = template();
        out.add(new Token(Token.Kind.TEMPLATE, "$", l0, col, nl, ws, parts));
      } else if (c == '"') {
        out.add(new Token(Token.Kind.STRING, string(), line, col, nl, ws));
      } else if (c == '`') {
        pos++;
        int e = s.indexOf('`', pos);
        if (e < 0) {
          throw err("unterminated raw string");
        }
        String raw = s.substring(pos, e);
        for (int i = 0; i < raw.length(); i++) {
          if (raw.charAt(i) == '\n') {
            line++;
            lineStart = pos + i + 1;
          }
        }
        pos = e + 1;
        out.add(new Token(Token.Kind.STRING, raw, line, col, nl, ws));
      } else {
        String op = null;
        for (String o : OPS) {
          if (s.startsWith(o, pos)) {
            op = o;
            break;
          }
        }
        if (op == null) {
          throw err("unexpected character '" + c + "'");
        }
        pos += op.length();
        out.add(new Token(Token.Kind.OP, op, line, col, nl, ws));
      }
    }
  }

  /**
   * A template string {@code $"..."} or {@code $`...`} (OPA's string interpolation): literal text
   * (a String; {@code \\{} is a literal brace, and {@code $"..."} also decodes JSON escapes) and
   * the source ranges {@code int[]{start, end}} of the {@code {expression}} parts, which may span
   * lines and contain strings, braces and nested template strings.
   */
  private List<Object> template() {
    boolean raw = s.charAt(pos + 1) == '`';
    char close = raw ? '`' : '"';
    pos += 2;
    List<Object> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    while (true) {
      if (pos >= s.length() || !raw && s.charAt(pos) == '\n') {
        throw err("non-terminated template string");
      }
      char c = s.charAt(pos);
      if (c == close) {
        pos++;
        break;
      }
      if (c == '\\'
          && pos + 1 < s.length()
          && (s.charAt(pos + 1) == '{' || s.charAt(pos + 1) == '}')) {
        lit.append(s.charAt(pos + 1));
        pos += 2;
      } else if (c == '\\' && !raw) {
        try {
          pos = JsonEscape.decode(s, pos + 1, lit);
        } catch (IllegalArgumentException ex) {
          throw err(ex.getMessage());
        }
      } else if (c == '{') {
        if (lit.length() > 0) {
          parts.add(lit.toString());
          lit.setLength(0);
        }
        pos++;
        int start = pos;
        skipExpr();
        parts.add(new int[] {start, pos});
        pos++;
      } else {
        newline(c);
        lit.append(c);
        pos++;
      }
    }
    if (lit.length() > 0) {
      parts.add(lit.toString());
    }
    return parts;
  }

  private void newline(char c) {
    if (c == '\n') {
      line++;
      lineStart = pos + 1;
    }
  }

  /** Moves {@code pos} to the '}' that closes the template expression starting at {@code pos}. */
  private void skipExpr() {
    int depth = 0;
    while (true) {
      if (pos >= s.length()) {
        throw err("non-terminated template string expression");
      }
      char c = s.charAt(pos);
      if (c == '}' && depth == 0) {
        return;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == '$'
          && pos + 1 < s.length()
          && (s.charAt(pos + 1) == '"' || s.charAt(pos + 1) == '`')) {
        template();
        continue;
      } else if (c == '"') {
        string();
        continue;
      } else if (c == '`') {
        int e = s.indexOf('`', pos + 1);
        if (e < 0) {
          throw err("unterminated raw string");
        }
        while (pos < e) {
          newline(s.charAt(pos++));
        }
      } else {
        newline(c);
      }
      pos++;
    }
  }

  private String string() {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= s.length() || s.charAt(pos) == '\n') {
        throw err("non-terminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      try {
        pos = JsonEscape.decode(s, pos, sb);
      } catch (IllegalArgumentException ex) {
        throw err(ex.getMessage());
      }
    }
  }
}
