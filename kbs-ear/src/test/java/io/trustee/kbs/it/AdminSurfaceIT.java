package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin surface denies by default (issue #8 §3): every admin endpoint, including those beyond
 * upstream, the AS API and {@code /metrics}, answers 401 without credentials; Liberty's Admin
 * Center and admin REST connector are not on the KBS listener but on the console listener; the
 * readiness answer on the KBS listener carries no internal counts.
 */
class AdminSurfaceIT {

  record Call(String method, String path, String error) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Every admin method of every resource (AdminAuthIT covers the upstream ones in depth). */
  static List<Call> adminCalls() {
    String access = "AdminAuthAccess";
    return List.of(
        new Call("POST", "/kbs/v0/resource/it/surface/secret", "AdminAuthInitialization"),
        new Call("DELETE", "/kbs/v0/resource/it/surface/secret", "AdminAuthInitialization"),
        new Call("GET", "/kbs/v0/resource", access),
        new Call("POST", "/kbs/v0/resource-policy", access),
        new Call("POST", "/kbs/v0/resource-policy/dry-run", access),
        new Call("GET", "/kbs/v0/resource-policy", access),
        new Call("POST", "/kbs/v0/attestation-policy", access),
        new Call("GET", "/kbs/v0/attestation-policy", access),
        new Call("POST", "/kbs/v0/reference-value", access),
        new Call("POST", "/kbs/v0/reference-value/from-eventlog?register=true", access),
        new Call("GET", "/kbs/v0/reference-value", access),
        new Call("GET", "/kbs/v0/reference-value/x", access),
        new Call("GET", "/kbs/v0/reference-value/x/history", access),
        new Call("DELETE", "/kbs/v0/reference-value/x", access),
        new Call("GET", "/kbs/v0/appraisal", access),
        new Call("GET", "/kbs/v0/appraisal/1", access),
        new Call("GET", "/kbs/v0/appraisal/1/promotion", access),
        new Call("POST", "/kbs/v0/appraisal/1/promotion", access),
        new Call("POST", "/policy", access),
        new Call("GET", "/policy", access),
        new Call("GET", "/policy/default_cpu", access),
        new Call("POST", "/attestation", access),
        new Call("POST", "/challenge", access),
        new Call("GET", "/kbs/v0/audit", access),
        new Call("GET", "/kbs/v0/audit/verify", access),
        new Call("GET", "/kbs/v0/audit/export", access),
        new Call("GET", "/kbs/v0/status", access),
        new Call("GET", "/metrics", access));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adminCalls")
  void refusedWithoutCredentials(Call c) {
    KbsHttp.Reply r =
        new KbsHttp()
            .send(
                c.method(),
                c.path(),
                c.method().equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : null,
                Map.of("Content-Type", "application/json"));
    assertThat(r.status()).as(c + ": " + r.body()).isEqualTo(401);
    assertThat(r.errorType()).as(c.toString()).isEqualTo(c.error());
  }

  @Test
  void metricsNeedAnAdminAndThenArePrometheusText() throws Exception {
    KbsHttp.Reply r = new KbsHttp().get("/metrics", Admin.auth());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().get("content-type"))
        .singleElement()
        .asString()
        .startsWith("text/plain")
        .contains("version=0.0.4");
    assertThat(r.body())
        .contains("# TYPE kbs_build_info gauge")
        .contains("# TYPE kbs_http_requests_total counter")
        .contains("# TYPE jvm_memory_used_bytes gauge")
        .doesNotContain("mp_scope=");
  }

  @Test
  void readinessOnTheKbsListenerHasStatesOnly() {
    KbsHttp.Reply r = new KbsHttp().get("/health/ready");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"status\":\"UP\"")
        .doesNotContain("database-sessions")
        .doesNotContain("\"data\"");
    assertThat(new KbsHttp().get("/health/live").status()).isEqualTo(200);
    assertThat(new KbsHttp().get("/health/started").status()).isEqualTo(200);
  }

  @Test
  void adminCenterAndTheRestConnectorAreNotOnTheKbsListener() {
    for (String p : List.of("/adminCenter/", "/IBMJMXConnectorREST/", "/ibm/api/")) {
      KbsHttp.Reply r = new KbsHttp().get(p);
      assertThat(r.status()).as(p + ": " + r.body()).isEqualTo(404);
      assertThat(r.body()).doesNotContainIgnoringCase("admin center");
    }
  }

  @Test
  void adminCenterIsOnTheConsoleListenerBehindItsLogin() {
    KbsHttp.Reply r = new KbsHttp().get(console("/adminCenter/").toString());
    assertThat(r.status()).as(r.body()).isIn(200, 302);
    // Liberty's own /metrics there is for Liberty administrators only
    KbsHttp.Reply metrics = new KbsHttp().get(console("/metrics").toString());
    assertThat(metrics.status()).isEqualTo(401);
    // and the KBS application is not there
    assertThat(new KbsHttp().get(console("/kbs/v0/resource").toString()).status()).isEqualTo(404);
  }

  @Test
  void consoleReadinessHasNoInternalCounts() {
    KbsHttp.Reply r = new KbsHttp().get(console("/health/ready").toString());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("keys-loaded").doesNotContain("database-sessions");
  }

  @Test
  void aHostHeaderNamingTheConsolePortDoesNotReachTheConsole() throws Exception {
    int consolePort = console("/").getPort();
    assertThat(rawStatus("/adminCenter/", "localhost:" + consolePort)).isEqualTo(404);
    assertThat(rawStatus("/IBMJMXConnectorREST/", "localhost:" + consolePort)).isEqualTo(404);
    assertThat(rawStatus("/healthz", "localhost:" + consolePort)).isEqualTo(404);
  }

  @Test
  void behindAProxyTheHostHeaderHasNoPortAndTheKbsStillAnswers() throws Exception {
    assertThat(rawStatus("/healthz", "kbs.apps.example.com")).isEqualTo(200);
    assertThat(rawStatus("/adminCenter/", "kbs.apps.example.com")).isEqualTo(404);
  }

  /** One HTTP/1.1 GET on the KBS listener with a Host header of our choice (not in HttpClient). */
  private static int rawStatus(String path, String host) throws Exception {
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(
        null,
        new javax.net.ssl.TrustManager[] {
          new javax.net.ssl.X509TrustManager() { // the test server's own certificate, on localhost
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
              return new java.security.cert.X509Certificate[0];
            }
          }
        },
        null);
    URI base = KbsHttp.baseUri();
    try (java.net.Socket s = tls.getSocketFactory().createSocket(base.getHost(), base.getPort())) {
      s.setSoTimeout(30_000);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(status).as(path + " Host " + host).startsWith("HTTP/1.1 ");
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  private static URI console(String path) {
    return URI.create(System.getProperty("kbs.it.console-url", "https://localhost:18444"))
        .resolve(path);
  }
}
