package io.trustee.rego.parse;

/**
 * The one decoder for JSON string escapes ({@code \" \\ \/ \b \f \n \r \t \\uXXXX}), shared by the
 * Rego lexer, the JSON reader and the YAML reader. Every read is bounds-checked: a truncated {@code
 * \\u12} is an error, never an index exception. Stateless and thread-safe.
 */
public final class JsonEscape {
  private JsonEscape() {}

  /**
   * Decodes the escape sequence that follows a backslash and appends the character to {@code out}.
   *
   * @param s the text
   * @param pos the index just after the backslash
   * @param out receives the decoded character
   * @return the index just after the escape sequence
   * @throws IllegalArgumentException {@code "bad escape"} if the text ends after the backslash,
   *     {@code "bad unicode escape"} if {@code \\u} is not followed by four hex digits, {@code
   *     "illegal escape sequence \\x"} for any other character
   */
  public static int decode(CharSequence s, int pos, StringBuilder out) {
    if (pos >= s.length()) {
      throw new IllegalArgumentException("bad escape");
    }
    char e = s.charAt(pos++);
    switch (e) {
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case '/' -> out.append('/');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'u' -> {
        int u = hex4(s, pos);
        if (u < 0) {
          throw new IllegalArgumentException("bad unicode escape");
        }
        out.append((char) u);
        pos += 4;
      }
      default -> throw new IllegalArgumentException("illegal escape sequence \\" + e);
    }
    return pos;
  }

  /**
   * Reads the four ASCII hex digits at {@code pos} as one UTF-16 code unit.
   *
   * @return the code unit, or -1 if fewer than four characters remain or one is not a hex digit
   */
  public static int hex4(CharSequence s, int pos) {
    if (pos < 0 || pos + 4 > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = pos; i < pos + 4; i++) {
      int d = hexDigit(s.charAt(i));
      if (d < 0) {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
