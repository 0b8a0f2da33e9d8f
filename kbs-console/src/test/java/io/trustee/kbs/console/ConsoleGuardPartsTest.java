package io.trustee.kbs.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pure parts of the console's guard: which paths are public, the cookie, the headers. */
class ConsoleGuardPartsTest {

  @Test
  void onlyTheSignInPageAndWhatItLoadsArePublic() {
    assertThat(ConsolePaths.isPublic("/login.html")).isTrue();
    assertThat(ConsolePaths.isPublic("/js/login.js")).isTrue();
    assertThat(ConsolePaths.isPublic("/session")).isTrue();
    for (String guarded :
        new String[] {
          "/",
          "",
          "/index.html",
          "/js/app.js",
          "/js/manage.js",
          "/js/api.js",
          "/js/ui.js",
          "/vendor/uplot/dist/uPlot.iife.min.js",
          "/login.html/../index.html",
          "/LOGIN.HTML",
          "/js/login.js;x",
          null
        }) {
      assertThat(ConsolePaths.isPublic(guarded)).as(guarded).isFalse();
    }
    assertThat(ConsolePaths.isPage("/")).isTrue();
    assertThat(ConsolePaths.isPage("/index.html")).isTrue();
    assertThat(ConsolePaths.isPage("/js/app.js")).isFalse();
  }

  @Test
  void theCookieIsStrictHttpOnlySecureAndScopedToTheConsole() {
    assertThat(ConsoleCookie.set("aaa.bbb.ccc"))
        .isEqualTo("kbs_console=aaa.bbb.ccc; Path=/console; Secure; HttpOnly; SameSite=Strict");
    assertThat(ConsoleCookie.clear())
        .isEqualTo("kbs_console=; Path=/console; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
  }

  @Test
  void aValueThatIsNotACompactJwtNeverReachesTheSetCookieHeader() {
    for (String bad : new String[] {"a;b", "a b", "a\r\nSet-Cookie: x=y", "", "a,b"}) {
      assertThatThrownBy(() -> ConsoleCookie.set(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> ConsoleCookie.set("a".repeat(ConsoleCookie.MAX_TOKEN_CHARS + 1)))
        .hasMessageContaining("kbs-client admin-token");
  }

  @Test
  void theContentSecurityPolicyAllowsNoInlineScriptNoFramingNoOtherOrigin() {
    String csp = ConsoleHeaders.all().get("Content-Security-Policy");
    assertThat(csp)
        .contains("default-src 'none'")
        .contains("script-src 'self'")
        .contains("style-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe")
        .doesNotContain("http");
    assertThat(ConsoleHeaders.all())
        .containsEntry("X-Content-Type-Options", "nosniff")
        .containsEntry("Cache-Control", "no-store");
  }
}
