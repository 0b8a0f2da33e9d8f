package io.trustee.kbs.console;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response headers of every console response. The Content-Security-Policy allows scripts,
 * styles, images and connections from the console's own origin only (no inline script, no
 * third-party CDN, no framing); pages are not cached and not sent as a referrer.
 */
final class ConsoleHeaders {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none';"
          + " base-uri 'none'";

  private ConsoleHeaders() {}

  static Map<String, String> all() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Security-Policy", CSP);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Cache-Control", "no-store");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    return h;
  }
}
