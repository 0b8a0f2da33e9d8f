package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's guard, over plain HTTP: without a signed-in admin no console page, script or action
 * is served (pages redirect to the sign-in page, everything else is 401), a refused token gets no
 * cookie, a valid one gets an {@code HttpOnly; Secure; SameSite=Strict} cookie scoped to {@code
 * /console}, every response carries the strict Content-Security-Policy, the admin API the console
 * calls refuses requests without the header (the cookie is not a credential there), and Liberty
 * Admin Center's toolbox holds the console's bookmark.
 */
class ConsoleAccessIT {
  /** Every page, script and action of the console. */
  private static final List<String> GUARDED_PAGES = List.of("/console/", "/console/index.html");

  private static final List<String> GUARDED_FILES =
      List.of(
          "/console/js/app.js",
          "/console/js/manage.js",
          "/console/js/api.js",
          "/console/js/ui.js",
          "/console/vendor/uplot/dist/uPlot.iife.min.js");

  /** The admin API calls the console makes (reads and writes). */
  private static final List<String[]> API_ACTIONS =
      List.of(
          new String[] {"GET", "/kbs/v0/appraisal/summary?window=1h"},
          new String[] {"GET", "/kbs/v0/appraisal?limit=5"},
          new String[] {"GET", "/kbs/v0/appraisal/1"},
          new String[] {"POST", "/kbs/v0/appraisal/1/promotion?name=snp_pcr11"},
          new String[] {"GET", "/kbs/v0/status"},
          new String[] {"GET", "/metrics"},
          new String[] {"GET", "/kbs/v0/reference-value"},
          new String[] {"GET", "/kbs/v0/reference-value/snp_pcr11/history"},
          new String[] {"POST", "/kbs/v0/reference-value/from-eventlog?register=true"},
          new String[] {"GET", "/kbs/v0/resource"},
          new String[] {"POST", "/kbs/v0/resource/console/it/x"},
          new String[] {"DELETE", "/kbs/v0/resource/console/it/x"},
          new String[] {"GET", "/kbs/v0/resource-policy?view=text"},
          new String[] {"POST", "/kbs/v0/resource-policy"},
          new String[] {"POST", "/kbs/v0/resource-policy/dry-run"},
          new String[] {"GET", "/kbs/v0/attestation-policy"},
          new String[] {"POST", "/kbs/v0/attestation-policy"},
          new String[] {"GET", "/policy/default_cpu"},
          new String[] {"GET", "/kbs/v0/audit"},
          new String[] {"GET", "/kbs/v0/audit/verify"});

  private final KbsHttp http = new KbsHttp();

  @Test
  void withoutSigningInNoPageScriptOrActionIsServed() throws Exception {
    for (String page : GUARDED_PAGES) {
      KbsHttp.Reply r = http.get(page);
      assertThat(r.status()).as(page).isEqualTo(303);
      assertThat(r.headers().get("location")).as(page).containsExactly("/console/login.html");
      assertThat(r.body()).as(page).doesNotContain("<nav");
    }
    for (String file : GUARDED_FILES) {
      KbsHttp.Reply r = http.get(file);
      assertThat(r.status()).as(file).isEqualTo(401);
      assertThat(r.body()).as(file).contains("sign in to the KBS console first");
    }
    // a forged or expired cookie is no better than none
    String expired = AdminTokens.token(AdminTokens.serverTrustedKey(), -3600);
    String forged = AdminTokens.token(AdminTokens.otherKey(), 600);
    for (String cookie : List.of(expired, forged, "not-a-jwt")) {
      assertThat(http.get("/console/js/app.js", Map.of("Cookie", "kbs_console=" + cookie)).status())
          .as(cookie)
          .isEqualTo(401);
      assertThat(http.get("/console/", Map.of("Cookie", "kbs_console=" + cookie)).status())
          .isEqualTo(303);
    }
    // the sign-in page and what it needs are public, with the strict CSP
    KbsHttp.Reply login = http.get("/console/login.html");
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).contains("kbs-client admin-token --ttl 1h").doesNotContain("<script>");
    assertThat(login.headers().get("content-security-policy").get(0))
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
  }

  @Test
  void theAdminApiCallsOfTheConsoleNeedTheHeaderNotTheCookie() throws Exception {
    String cookie = "kbs_console=" + AdminTokens.valid();
    for (String[] a : API_ACTIONS) {
      KbsHttp.Reply none = http.send(a[0], a[1], new byte[0], Map.of());
      assertThat(none.status()).as(a[0] + " " + a[1]).isEqualTo(401);
      KbsHttp.Reply withCookie = http.send(a[0], a[1], new byte[0], Map.of("Cookie", cookie));
      assertThat(withCookie.status()).as(a[0] + " " + a[1] + " with the cookie").isEqualTo(401);
    }
  }

  @Test
  void signingInChecksTheTokenAndSetsAStrictCookie() throws Exception {
    KbsHttp.Reply noToken = http.send("POST", "/console/session", new byte[0], Map.of());
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.headers()).doesNotContainKey("set-cookie");
    String forged = AdminTokens.token(AdminTokens.otherKey(), 600);
    KbsHttp.Reply refused =
        http.send(
            "POST", "/console/session", new byte[0], Map.of("Authorization", "Bearer " + forged));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers()).doesNotContainKey("set-cookie");
    assertThat(refused.body()).contains("the admin token was refused");

    String token = AdminTokens.valid();
    KbsHttp.Reply ok =
        http.send(
            "POST", "/console/session", new byte[0], Map.of("Authorization", "Bearer " + token));
    assertThat(ok.status()).isEqualTo(204);
    String setCookie = ok.headers().get("set-cookie").get(0);
    assertThat(setCookie)
        .startsWith("kbs_console=" + token + ";")
        .contains("Path=/console")
        .contains("HttpOnly")
        .contains("Secure")
        .contains("SameSite=Strict");

    KbsHttp.Reply page = http.get("/console/", Map.of("Cookie", "kbs_console=" + token));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<nav").doesNotContain("<script>").doesNotContain("style=");
    assertThat(page.headers().get("content-security-policy").get(0))
        .isEqualTo(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors"
                + " 'none'; base-uri 'none'");
    assertThat(page.headers().get("x-frame-options")).containsExactly("DENY");
    assertThat(http.get("/console/js/app.js", Map.of("Cookie", "kbs_console=" + token)).status())
        .isEqualTo(200);
    assertThat(
            http.get(
                    "/console/vendor/uplot/dist/uPlot.iife.min.js",
                    Map.of("Cookie", "kbs_console=" + token))
                .status())
        .as("the chart library is served by the KBS itself, no CDN")
        .isEqualTo(200);

    KbsHttp.Reply out =
        http.send("DELETE", "/console/session", null, Map.of("Cookie", "kbs_console=" + token));
    assertThat(out.status()).isEqualTo(204);
    assertThat(out.headers().get("set-cookie").get(0))
        .startsWith("kbs_console=;")
        .contains("Max-Age=0");
  }

  @Test
  void adminCentersToolboxHoldsTheKbsConsoleBookmark() throws Exception {
    URI console = URI.create(System.getProperty("kbs.it.console-url", "https://localhost:18444"));
    Map<String, String> basic =
        Map.of(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        ("admin:" + ItServer.keystorePassword()).getBytes(StandardCharsets.UTF_8)));
    // the console listener presents the IT server's own certificate
    KbsHttp adminCenter = new KbsHttp(console, List.of(KbsHttp.dataDir()));
    Instant deadline = Instant.now().plusSeconds(90);
    String body = "";
    while (Instant.now().isBefore(deadline)) {
      KbsHttp.Reply r = adminCenter.get("/ibm/api/adminCenter/v1/toolbox", basic);
      body = r.body();
      if (r.status() == 200 && body.contains("\"KBS console\"")) {
        break;
      }
      Thread.sleep(2000);
    }
    assertThat(body)
        .as("Admin Center's toolbox of user admin")
        .contains("\"name\":\"KBS console\"")
        .contains("\"url\":\"https://localhost:" + KbsHttp.baseUri().getPort() + "/console/\"");
  }
}
