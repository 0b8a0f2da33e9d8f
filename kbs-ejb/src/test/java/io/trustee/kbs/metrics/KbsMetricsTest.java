package io.trustee.kbs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trustee.kbs.as.AppraisalRecord;
import io.trustee.kbs.as.SubmoduleAppraisal;
import io.trustee.kbs.as.TrustVector;
import io.trustee.kbs.attestation.spi.VerdictCacheListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KbsMetricsTest {
  final KbsMetrics metrics =
      new KbsMetrics(new BuildInfo("1.2.3", "abc123", "2026-12-06T00:00:00Z"));

  /** The samples of a text exposition: {@code name{labels}} → value. */
  static Map<String, Double> samples(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^([a-z_]+(?:\\{[^}]*\\})?) (\\S+)$").matcher(text);
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return out;
  }

  String text() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.writeText(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static SubmoduleAppraisal sub(String name, Map<String, Integer> vector) {
    return new SubmoduleAppraisal(
        name,
        "az-snp-vtpm",
        "default_cpu",
        new TrustVector(vector),
        JsonNodeFactory.instance.objectNode(),
        List.of(),
        Map.of(),
        List.of());
  }

  static AppraisalRecord record(SubmoduleAppraisal... subs) {
    return new AppraisalRecord("default", Instant.EPOCH, List.of(subs));
  }

  @Test
  void buildInfoIsAGaugeOfOneNamedKbsBuildInfo() throws IOException {
    String text = text();
    assertThat(text).contains("# TYPE kbs_build_info gauge\n");
    assertThat(samples(text))
        .containsEntry(
            "kbs_build_info{build_date=\"2026-12-06T00:00:00Z\",git_hash=\"abc123\",version=\"1.2.3\"}",
            1.0);
  }

  /**
   * The labelled counters (resource paths, TEE types) have no series, and so no lines, until their
   * first count: {@link #theHandshakeAndResourceCountersCountWhatTheyAreTold} covers them.
   */
  @Test
  void everyUpstreamMetricIsThereWithItsTypeBeforeAnyRequest() throws IOException {
    String text = text();
    for (String counter :
        List.of(
            "kbs_http_requests",
            "kbs_policy_evaluations",
            "kbs_policy_approvals",
            "kbs_policy_violations",
            "kbs_policy_errors",
            "kbs_attestation_requests",
            "kbs_attestation_errors",
            "kbs_auth_requests",
            "kbs_auth_successes",
            "kbs_auth_errors")) {
      assertThat(text).contains("# TYPE " + counter + "_total counter\n");
      assertThat(samples(text)).containsEntry(counter + "_total", 0.0);
    }
    for (String histogram :
        List.of(
            "kbs_http_request_duration_seconds",
            "kbs_http_request_size_bytes",
            "kbs_http_response_size_bytes")) {
      assertThat(text).contains("# TYPE " + histogram + " histogram\n");
    }
    assertThat(text).contains("# TYPE kbs_http_active_connections gauge\n");
    assertThat(text).doesNotContain("_created");
  }

  @Test
  void theHistogramsHaveUpstreamsBuckets() throws IOException {
    metrics.requestStarted();
    metrics.requestEnded(0.003, 100, 3000);
    Map<String, Double> s = samples(text());
    assertThat(buckets(s, "kbs_http_request_duration_seconds"))
        .containsExactly(
            Map.entry(0.0005, 0.0),
            Map.entry(0.001, 0.0),
            Map.entry(0.005, 1.0),
            Map.entry(0.01, 1.0),
            Map.entry(0.05, 1.0),
            Map.entry(0.5, 1.0),
            Map.entry(1.0, 1.0),
            Map.entry(Double.POSITIVE_INFINITY, 1.0));
    assertThat(buckets(s, "kbs_http_request_size_bytes"))
        .containsExactly(
            Map.entry(32.0, 0.0),
            Map.entry(128.0, 1.0),
            Map.entry(512.0, 1.0),
            Map.entry(2048.0, 1.0),
            Map.entry(8192.0, 1.0),
            Map.entry(Double.POSITIVE_INFINITY, 1.0));
    assertThat(buckets(s, "kbs_http_response_size_bytes"))
        .containsExactly(
            Map.entry(32.0, 0.0),
            Map.entry(128.0, 0.0),
            Map.entry(512.0, 0.0),
            Map.entry(2048.0, 0.0),
            Map.entry(8192.0, 1.0),
            Map.entry(Double.POSITIVE_INFINITY, 1.0));
    assertThat(s)
        .containsEntry("kbs_http_request_duration_seconds_count", 1.0)
        .containsEntry("kbs_http_request_duration_seconds_sum", 0.003)
        .containsEntry("kbs_http_request_size_bytes_sum", 100.0)
        .containsEntry("kbs_http_response_size_bytes_sum", 3000.0)
        .containsEntry("kbs_http_requests_total", 1.0)
        .containsEntry("kbs_http_active_connections", 0.0);
  }

  /** A histogram's cumulative buckets: upper bound (the {@code le} label as a number) → count. */
  static Map<Double, Double> buckets(Map<String, Double> samples, String histogram) {
    Map<Double, Double> out = new LinkedHashMap<>();
    Pattern le = Pattern.compile(Pattern.quote(histogram) + "_bucket\\{le=\"([^\"]+)\"\\}");
    samples.forEach(
        (k, v) -> {
          Matcher m = le.matcher(k);
          if (m.matches()) {
            out.put(
                "+Inf".equals(m.group(1))
                    ? Double.POSITIVE_INFINITY
                    : Double.parseDouble(m.group(1)),
                v);
          }
        });
    return out;
  }

  @Test
  void anActiveRequestIsAnActiveConnection() throws IOException {
    metrics.requestStarted();
    assertThat(samples(text())).containsEntry("kbs_http_active_connections", 1.0);
  }

  @Test
  void theHandshakeAndResourceCountersCountWhatTheyAreTold() throws IOException {
    metrics.authRequested();
    metrics.authSucceeded();
    metrics.authRequested();
    metrics.authError();
    metrics.attestationRequested();
    metrics.attestationSucceeded("sample");
    metrics.attestationRequested();
    metrics.attestationFailed("az-snp-vtpm");
    metrics.attestationRequested();
    metrics.attestationError();
    metrics.policyDecided(true);
    metrics.policyDecided(false);
    metrics.policyError();
    metrics.resourceRead("default/key/one");
    metrics.resourceRead("default/key/one");
    metrics.resourceWritten("default/key/two");
    Map<String, Double> s = samples(text());
    assertThat(s)
        .containsEntry("kbs_auth_requests_total", 2.0)
        .containsEntry("kbs_auth_successes_total", 1.0)
        .containsEntry("kbs_auth_errors_total", 1.0)
        .containsEntry("kbs_attestation_requests_total", 3.0)
        .containsEntry("kbs_attestation_successes_total{tee_type=\"sample\"}", 1.0)
        .containsEntry("kbs_attestation_failures_total{tee_type=\"az-snp-vtpm\"}", 1.0)
        .containsEntry("kbs_attestation_errors_total", 1.0)
        .containsEntry("kbs_policy_evaluations_total", 3.0)
        .containsEntry("kbs_policy_approvals_total", 1.0)
        .containsEntry("kbs_policy_violations_total", 1.0)
        .containsEntry("kbs_policy_errors_total", 1.0)
        .containsEntry("kbs_resource_reads_total{resource_path=\"default/key/one\"}", 2.0)
        .containsEntry("kbs_resource_writes_total{resource_path=\"default/key/two\"}", 1.0);
  }

  @Test
  void appraisalsCountByStatusAndFailedClaim() throws IOException {
    metrics.appraised(record(sub("cpu", Map.of("executables", 2, "hardware", 2))));
    metrics.appraised(record(sub("cpu", Map.of("executables", 33, "hardware", 2))));
    metrics.appraised(
        record(
            sub("cpu", Map.of("executables", 96, "configuration", 33)),
            sub("gpu0", Map.of("executables", 96))));
    metrics.refused("nonce mismatch");
    Map<String, Double> s = samples(text());
    assertThat(s)
        .containsEntry("kbs_appraisals_total{status=\"affirming\"}", 1.0)
        .containsEntry("kbs_appraisals_total{status=\"warning\"}", 1.0)
        .containsEntry("kbs_appraisals_total{status=\"contraindicated\"}", 1.0)
        .containsEntry("kbs_appraisals_total{status=\"refused\"}", 1.0)
        // once per appraisal, though two submodules failed it
        .containsEntry("kbs_appraisal_failed_claims_total{claim=\"executables\"}", 2.0)
        .containsEntry("kbs_appraisal_failed_claims_total{claim=\"configuration\"}", 1.0)
        .containsEntry("kbs_verifier_check_failures_total{check=\"nonce mismatch\"}", 1.0)
        .doesNotContainKey("kbs_appraisal_failed_claims_total{claim=\"hardware\"}");
  }

  @Test
  void statusOfAnAppraisalWithoutClaimsOrSubmodules() {
    assertThat(KbsMetrics.status(record())).isEqualTo("contraindicated");
    assertThat(KbsMetrics.status(record(sub("cpu", Map.of("executables", 0))))).isEqualTo("none");
    assertThat(
            KbsMetrics.status(
                record(sub("cpu", Map.of("executables", 2)), sub("gpu", Map.of("hardware", 0)))))
        .isEqualTo("none");
  }

  @Test
  void checkNamesAreBoundedAndNotFromAnyString() throws IOException {
    for (int i = 0; i < 70; i++) {
      metrics.refused("check " + i);
    }
    metrics.refused("Evil\"}\nkbs_auth_errors_total 99");
    metrics.refused(null);
    Map<String, Double> s = samples(text());
    assertThat(s.keySet().stream().filter(k -> k.startsWith("kbs_verifier_check_failures_total")))
        .hasSize(65);
    assertThat(s)
        .containsEntry("kbs_verifier_check_failures_total{check=\"check 0\"}", 1.0)
        .containsEntry("kbs_verifier_check_failures_total{check=\"check 63\"}", 1.0)
        .containsEntry("kbs_verifier_check_failures_total{check=\"other\"}", 8.0)
        .containsEntry("kbs_auth_errors_total", 0.0);
  }

  @Test
  void referenceValuesRateLimitsAndCaches() throws IOException {
    metrics.referenceValues(3, 2);
    metrics.rateLimited(KbsMetrics.RateLimit.RATE);
    metrics.rateLimited(KbsMetrics.RateLimit.CLIENT_SESSIONS);
    metrics.rateLimited(KbsMetrics.RateLimit.SERVER_SESSIONS);
    metrics.lookup(VerdictCacheListener.VCEK_CHAIN, false);
    metrics.lookup(VerdictCacheListener.VCEK_CHAIN, true);
    metrics.lookup(VerdictCacheListener.VCEK_CHAIN, true);
    metrics.lookup(VerdictCacheListener.REPORT_SIGNATURE, false);
    metrics.lookup("something else", true);
    Map<String, Double> s = samples(text());
    assertThat(s)
        .containsEntry("kbs_reference_values{source=\"api\"}", 3.0)
        .containsEntry("kbs_reference_values{source=\"file\"}", 2.0)
        .containsEntry("kbs_rate_limit_rejections_total{reason=\"rate\"}", 1.0)
        .containsEntry("kbs_rate_limit_rejections_total{reason=\"client-sessions\"}", 1.0)
        .containsEntry("kbs_rate_limit_rejections_total{reason=\"server-sessions\"}", 1.0)
        .containsEntry("kbs_amd_cache_hits_total{cache=\"vcek-chain\"}", 2.0)
        .containsEntry("kbs_amd_cache_misses_total{cache=\"vcek-chain\"}", 1.0)
        .containsEntry("kbs_amd_cache_misses_total{cache=\"report-signature\"}", 1.0)
        .containsEntry("kbs_amd_cache_hits_total{cache=\"other\"}", 1.0);
  }

  @Test
  void jvmMetricsComeFromTheClientsInstrumentation() throws IOException {
    metrics.withJvmMetrics();
    assertThat(text()).contains("jvm_memory_used_bytes", "jvm_threads_current");
  }

  @Test
  void theContentTypeIsTheTextFormat() {
    assertThat(KbsMetrics.CONTENT_TYPE).startsWith("text/plain; version=0.0.4");
  }

  @Test
  void buildInfoOfThisBuildAndUnfilledValues() {
    assertThat(BuildInfo.known("${git.commit.id}")).isEqualTo("unknown");
    assertThat(BuildInfo.known(" ")).isEqualTo("unknown");
    assertThat(BuildInfo.known(null)).isEqualTo("unknown");
    assertThat(BuildInfo.known("abc")).isEqualTo("abc");
    BuildInfo current = BuildInfo.current();
    assertThat(current.version()).isNotEqualTo("unknown").doesNotContain("${");
    assertThat(current.buildDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }
}
