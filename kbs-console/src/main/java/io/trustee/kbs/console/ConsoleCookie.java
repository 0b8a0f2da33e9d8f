package io.trustee.kbs.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The console's sign-in cookie: the administrator's admin token, {@code HttpOnly} (scripts never
 * read it; they keep their own copy for the {@code Authorization} header), {@code Secure}, {@code
 * SameSite=Strict} (no cross-site request carries it) and scoped to {@code /console}, so the admin
 * API never sees it: the API accepts the header only, which a cross-site form cannot set. Its
 * lifetime is the browser session; the token's own expiry ends it earlier, since every page request
 * verifies the token again.
 */
final class ConsoleCookie {
  static final String NAME = "kbs_console";
  static final String PATH = "/console";

  /** Browsers keep cookies of up to 4096 bytes, name and attributes included. */
  static final int MAX_TOKEN_CHARS = 3900;

  private ConsoleCookie() {}

  static Optional<String> token(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    return Arrays.stream(cookies)
        .filter(c -> NAME.equals(c.getName()))
        .map(Cookie::getValue)
        .filter(v -> !v.isBlank())
        .findFirst();
  }

  /** The Set-Cookie header that stores {@code token} (a JWT: base64url and dots only). */
  static String set(String token) {
    if (!token.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("not a compact JWT");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new IllegalArgumentException(
          "the token has "
              + token.length()
              + " characters; a browser keeps at most "
              + MAX_TOKEN_CHARS
              + " in the console's cookie: use an admin token of kbs-client admin-token");
    }
    return NAME + "=" + token + "; Path=" + PATH + "; Secure; HttpOnly; SameSite=Strict";
  }

  /** The Set-Cookie header that removes it. */
  static String clear() {
    return NAME + "=; Path=" + PATH + "; Max-Age=0; Secure; HttpOnly; SameSite=Strict";
  }
}
