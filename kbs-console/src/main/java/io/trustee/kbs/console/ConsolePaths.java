package io.trustee.kbs.console;

import java.util.Set;

/**
 * Which console paths anyone may fetch: the sign-in page and what it loads (its script, the style
 * sheet, the icon), and the session endpoint itself. Everything else, every page and every script
 * that renders data, needs a signed-in administrator. Paths are relative to the context root
 * ({@code /login.html}); a path that leaves the root by {@code ..} or an encoded separator is never
 * public.
 */
final class ConsolePaths {
  static final String SESSION = "/session";
  static final String LOGIN_PAGE = "/login.html";

  private static final Set<String> PUBLIC =
      Set.of(LOGIN_PAGE, "/js/login.js", "/css/console.css", "/kbs-icon.svg", SESSION);

  private ConsolePaths() {}

  static boolean isPublic(String path) {
    return path != null && PUBLIC.contains(path);
  }

  /** Whether the request is a page a browser navigates to (redirected to sign-in when refused). */
  static boolean isPage(String path) {
    return path == null || path.isEmpty() || path.equals("/") || path.endsWith(".html");
  }
}
