package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} with the upstream KBS's names (issue #11 §1): a scrape, a known set of requests,
 * another scrape, and every upstream counter must have moved by exactly what those requests do.
 * Deltas, not absolute values, because the other ITs share the server (they run one class at a
 * time, so nothing else moves the counters between the two scrapes).
 */
class MetricsIT {
  static final int GUESTS = 3;
  static final String SECRET = "default/key/it-metrics";

  /** Samples of one scrape: {@code name{labels}} → value. */
  record Scrape(Map<String, Double> samples, String text) {
    double value(String series) {
      return samples.getOrDefault(series, 0.0);
    }

    /** The sum of every series of {@code name} (all label values). */
    double sum(String name) {
      return samples.entrySet().stream()
          .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
          .mapToDouble(Map.Entry::getValue)
          .sum();
    }
  }

  static Scrape scrape() throws Exception {
    KbsHttp.Reply r = new KbsHttp().get("/metrics", Admin.auth());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Map<String, Double> out = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$")
            .matcher(r.body());
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return new Scrape(out, r.body());
  }

  @AfterAll
  static void openPolicyAgain() throws Exception {
    Admin.setResourcePolicy(Admin.ALLOW_ALL);
  }

  @Test
  void everyUpstreamCounterMovesByWhatTheRequestsDid() throws Exception {
    Admin.setResourcePolicy(Admin.ALLOW_ALL);
    Scrape before = scrape();

    int kbsRequests = 0;
    assertThat(Admin.putSecret(SECRET, "metrics-secret").status()).isEqualTo(200);
    kbsRequests++;
    // N sample guests: auth + attest each
    SampleGuest first = null;
    for (int i = 0; i < GUESTS; i++) {
      SampleGuest g = SampleGuest.ec();
      g.attest();
      kbsRequests += 2;
      if (first == null) {
        first = g;
      }
    }
    // a released resource
    KbsHttp.Reply fetched = first.http.get("/kbs/v0/resource/" + SECRET);
    assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
    kbsRequests++;
    // one refused attestation: evidence bound to a nonce the session never had
    SampleGuest refused = SampleGuest.ec();
    assertThat(refused.auth().status()).isEqualTo(200);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String wrong = Base64.getEncoder().encodeToString(random);
    KbsHttp.Reply r =
        refused.http.postJson(
            "/kbs/v0/attest", refused.attestationBody(wrong, refused.reportData(wrong)));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("detail").asText()).contains("nonce");
    kbsRequests += 2;
    // one policy-denied fetch
    assertThat(Admin.setResourcePolicy(Admin.DENY_ALL).status()).isEqualTo(200);
    KbsHttp.Reply denied = first.http.get("/kbs/v0/resource/" + SECRET);
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.errorType()).isEqualTo("PolicyDeny");
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
    kbsRequests += 3;
    // errors: an /auth body that is not JSON, an /attest without a session
    KbsHttp.Reply badAuth =
        new KbsHttp()
            .send(
                "POST",
                "/kbs/v0/auth",
                "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    assertThat(badAuth.status()).isEqualTo(401);
    KbsHttp.Reply noSession = new KbsHttp().postJson("/kbs/v0/attest", Map.of());
    assertThat(noSession.status()).isEqualTo(401);
    kbsRequests += 2;

    Scrape after = scrape();
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("kbs_http_requests_total", (double) kbsRequests);
    expected.put("kbs_http_request_duration_seconds_count", (double) kbsRequests);
    expected.put("kbs_http_request_size_bytes_count", (double) kbsRequests);
    expected.put("kbs_http_response_size_bytes_count", (double) kbsRequests);
    expected.put("kbs_auth_requests_total", GUESTS + 2.0);
    expected.put("kbs_auth_successes_total", GUESTS + 1.0);
    expected.put("kbs_auth_errors_total", 1.0);
    expected.put("kbs_attestation_requests_total", GUESTS + 2.0);
    expected.put("kbs_attestation_successes_total{tee_type=\"sample\"}", (double) GUESTS);
    expected.put("kbs_attestation_failures_total{tee_type=\"sample\"}", 1.0);
    expected.put("kbs_attestation_errors_total", 1.0);
    expected.put("kbs_policy_evaluations_total", 2.0);
    expected.put("kbs_policy_approvals_total", 1.0);
    expected.put("kbs_policy_violations_total", 1.0);
    expected.put("kbs_policy_errors_total", 0.0);
    expected.put("kbs_resource_reads_total{resource_path=\"" + SECRET + "\"}", 1.0);
    expected.put("kbs_resource_writes_total{resource_path=\"" + SECRET + "\"}", 1.0);
    expected.put("kbs_appraisals_total{status=\"refused\"}", 1.0);
    expected.put("kbs_verifier_check_failures_total{check=\"nonce mismatch\"}", 1.0);
    Map<String, Double> moved = new LinkedHashMap<>();
    expected.keySet().forEach(k -> moved.put(k, after.value(k) - before.value(k)));
    assertThat(moved).as(after.text()).containsExactlyEntriesOf(expected);
    // every series of the labelled counters, not only the expected label values
    assertThat(
            after.sum("kbs_attestation_successes_total")
                - before.sum("kbs_attestation_successes_total"))
        .isEqualTo(GUESTS);
    assertThat(
            after.sum("kbs_attestation_failures_total")
                - before.sum("kbs_attestation_failures_total"))
        .isEqualTo(1.0);
    assertThat(after.sum("kbs_resource_reads_total") - before.sum("kbs_resource_reads_total"))
        .isEqualTo(1.0);
    assertThat(after.sum("kbs_resource_writes_total") - before.sum("kbs_resource_writes_total"))
        .isEqualTo(1.0);
    // the appraised guests have an EAR status; the refused one is "refused"
    assertThat(after.sum("kbs_appraisals_total") - before.sum("kbs_appraisals_total"))
        .isEqualTo(GUESTS + 1.0);
    assertThat(after.value("kbs_http_active_connections")).isEqualTo(0.0);
    // the request sizes were recorded: the secret's body at least
    assertThat(
            after.value("kbs_http_request_size_bytes_sum")
                - before.value("kbs_http_request_size_bytes_sum"))
        .isGreaterThanOrEqualTo("metrics-secret".length());
  }

  @Test
  void scrapingIsNotCounted() throws Exception {
    Scrape first = scrape();
    Scrape second = scrape();
    for (String series :
        List.of(
            "kbs_http_requests_total",
            "kbs_http_request_duration_seconds_count",
            "kbs_http_request_size_bytes_count",
            "kbs_http_response_size_bytes_count")) {
      assertThat(second.value(series)).as(series).isEqualTo(first.value(series));
    }
  }

  @Test
  void theHistogramsHaveUpstreamsBuckets() throws Exception {
    Scrape s = scrape();
    assertThat(bounds(s, "kbs_http_request_duration_seconds"))
        .containsExactly(0.0005, 0.001, 0.005, 0.01, 0.05, 0.5, 1.0, Double.POSITIVE_INFINITY);
    assertThat(bounds(s, "kbs_http_request_size_bytes"))
        .containsExactly(32.0, 128.0, 512.0, 2048.0, 8192.0, Double.POSITIVE_INFINITY);
    assertThat(bounds(s, "kbs_http_response_size_bytes"))
        .containsExactly(32.0, 128.0, 512.0, 2048.0, 8192.0, Double.POSITIVE_INFINITY);
    assertThat(s.text())
        .contains("# TYPE kbs_http_request_duration_seconds histogram")
        .contains("# TYPE kbs_http_active_connections gauge");
  }

  @Test
  void buildInfoNamesThisVersion() throws Exception {
    Scrape s = scrape();
    assertThat(s.text()).contains("# TYPE kbs_build_info gauge");
    Map.Entry<String, Double> info =
        s.samples().entrySet().stream()
            .filter(e -> e.getKey().startsWith("kbs_build_info{"))
            .findFirst()
            .orElseThrow();
    assertThat(info.getValue()).isEqualTo(1.0);
    assertThat(info.getKey())
        .containsPattern("version=\"\\d+\\.\\d+\\.\\d+[^\"]*\"")
        .containsPattern("git_hash=\"([0-9a-f]{40}|unknown)\"")
        .containsPattern("build_date=\"\\d{4}-\\d\\d-\\d\\dT[^\"]+\"");
    // ours, prefixed kbs_, and the JVM's
    assertThat(s.text())
        .contains("kbs_reference_values{source=\"api\"}")
        .contains("kbs_reference_values{source=\"file\"}")
        .contains("jvm_memory_used_bytes");
  }

  static List<Double> bounds(Scrape s, String histogram) {
    Pattern le = Pattern.compile(Pattern.quote(histogram) + "_bucket\\{le=\"([^\"]+)\"\\}");
    return s.samples().keySet().stream()
        .map(le::matcher)
        .filter(Matcher::matches)
        .map(
            m ->
                "+Inf".equals(m.group(1))
                    ? Double.POSITIVE_INFINITY
                    : Double.parseDouble(m.group(1)))
        .toList();
  }
}
