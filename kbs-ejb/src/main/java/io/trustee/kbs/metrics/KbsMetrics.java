package io.trustee.kbs.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.trustee.kbs.as.AppraisalRecord;
import io.trustee.kbs.as.SubmoduleAppraisal;
import io.trustee.kbs.as.TrustTier;
import io.trustee.kbs.as.TrustVector;
import io.trustee.kbs.attestation.spi.VerdictCacheListener;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The KBS's metrics in a registry of their own, written as Prometheus text by {@link #writeText}.
 *
 * <p><b>Upstream's</b> (the upstream KBS's metrics documentation; same names, types and labels):
 * {@code kbs_build_info}, the {@code kbs_http_*} request metrics, {@code kbs_resource_reads_total}
 * / {@code kbs_resource_writes_total} by {@code resource_path}, the {@code kbs_policy_*}, {@code
 * kbs_attestation_*} and {@code kbs_auth_*} counters. <b>Ours:</b> {@code kbs_appraisals_total} by
 * {@code status}, {@code kbs_appraisal_failed_claims_total} by trust-vector {@code claim}, {@code
 * kbs_verifier_check_failures_total} by {@code check}, {@code kbs_reference_values} by {@code
 * source}, {@code kbs_rate_limit_rejections_total} by {@code reason}, {@code
 * kbs_amd_cache_hits_total} / {@code kbs_amd_cache_misses_total} by {@code cache}; plus the JVM
 * metrics of the Prometheus client's instrumentation ({@link #withJvmMetrics}).
 *
 * <p>Label values that a guest could choose are bounded ({@link BoundedLabel}): claims from the
 * fixed trust-vector list, checks and TEE names the first few distinct names, the rest {@code
 * other}. A {@code resource_path} is counted only once the resource exists (a read that released
 * it, an administrator's write), as upstream does.
 *
 * <p>Longer than our usual classes on purpose: it is the one list of every metric's name, type,
 * labels and help text, next to the methods that count them.
 *
 * <p>Thread-safe; one instance per application (the registry is not the client's global default, so
 * that tests and redeployments start from zero).
 */
public final class KbsMetrics implements VerdictCacheListener {
  /** The content type of {@link #writeText} (the Prometheus text format 0.0.4). */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  /** Upstream's buckets of {@code kbs_http_request_duration_seconds}. */
  static final double[] DURATION_BUCKETS = {0.0005, 0.001, 0.005, 0.01, 0.05, 0.5, 1};

  /** Upstream's buckets of the request and response size histograms. */
  static final double[] SIZE_BUCKETS = {32, 128, 512, 2048, 8192};

  /** {@code status} of an appraisal the verifier refused (no token, no trust vector). */
  public static final String REFUSED = "refused";

  /** {@code reason} values of {@link #rateLimited}. */
  public enum RateLimit {
    /** The per-client token bucket ({@code kbs.ratelimit.rate} / {@code burst}). */
    RATE("rate"),
    /** {@code kbs.session.max-per-client} live sessions of one client. */
    CLIENT_SESSIONS("client-sessions"),
    /** {@code kbs.session.max-total} live sessions on the server. */
    SERVER_SESSIONS("server-sessions");

    private final String label;

    RateLimit(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer =
      PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build();

  private final Counter httpRequests;
  private final Histogram httpDuration;
  private final Histogram httpRequestSize;
  private final Histogram httpResponseSize;
  private final Gauge httpActive;
  private final Counter resourceReads;
  private final Counter resourceWrites;
  private final Counter policyEvaluations;
  private final Counter policyApprovals;
  private final Counter policyViolations;
  private final Counter policyErrors;
  private final Counter attestationRequests;
  private final Counter attestationSuccesses;
  private final Counter attestationFailures;
  private final Counter attestationErrors;
  private final Counter authRequests;
  private final Counter authSuccesses;
  private final Counter authErrors;

  private final Counter appraisals;
  private final Counter failedClaims;
  private final Counter checkFailures;
  private final Gauge referenceValues;
  private final Counter rateLimitRejections;
  private final Counter amdCacheHits;
  private final Counter amdCacheMisses;

  private final BoundedLabel tees = BoundedLabel.firstSeen(32);
  private final BoundedLabel claims = BoundedLabel.of(Set.copyOf(TrustVector.CLAIMS));
  private final BoundedLabel checks = BoundedLabel.firstSeen(64);
  private final BoundedLabel caches = BoundedLabel.of(Set.of(VCEK_CHAIN, REPORT_SIGNATURE));

  /** Metrics with {@code kbs_build_info} from {@code build}. */
  public KbsMetrics(BuildInfo build) {
    Objects.requireNonNull(build, "build");
    Info info =
        Info.builder()
            .name("kbs_build_info")
            .help("Build information of the KBS")
            .labelNames("version", "git_hash", "build_date")
            .register(registry);
    info.setLabelValues(build.version(), build.gitHash(), build.buildDate());

    httpRequests = counter("kbs_http_requests_total", "Requests to the KBS endpoints");
    httpDuration =
        histogram(
            "kbs_http_request_duration_seconds",
            "Time taken to handle a request, in seconds",
            DURATION_BUCKETS);
    httpRequestSize =
        histogram("kbs_http_request_size_bytes", "Request body size in bytes", SIZE_BUCKETS);
    httpResponseSize =
        histogram("kbs_http_response_size_bytes", "Response body size in bytes", SIZE_BUCKETS);
    httpActive =
        Gauge.builder()
            .name("kbs_http_active_connections")
            .help("Requests being processed")
            .withoutExemplars()
            .register(registry);

    resourceReads =
        counter("kbs_resource_reads_total", "Resources released to guests", "resource_path");
    resourceWrites =
        counter(
            "kbs_resource_writes_total", "Resources written by administrators", "resource_path");
    policyEvaluations = counter("kbs_policy_evaluations_total", "Resource-policy evaluations");
    policyApprovals = counter("kbs_policy_approvals_total", "Requests the resource policy allowed");
    policyViolations =
        counter("kbs_policy_violations_total", "Requests the resource policy denied");
    policyErrors =
        counter("kbs_policy_errors_total", "Errors while evaluating the resource policy");
    attestationRequests = counter("kbs_attestation_requests_total", "Attestation requests");
    attestationSuccesses =
        counter("kbs_attestation_successes_total", "Successful attestations", "tee_type");
    attestationFailures =
        counter("kbs_attestation_failures_total", "Attestations refused", "tee_type");
    attestationErrors =
        counter(
            "kbs_attestation_errors_total",
            "Errors while processing attestation requests (malformed requests, unknown sessions)");
    authRequests = counter("kbs_auth_requests_total", "/auth requests (RCAR handshake)");
    authSuccesses = counter("kbs_auth_successes_total", "Successful /auth requests");
    authErrors = counter("kbs_auth_errors_total", "Errors during /auth");

    appraisals =
        counter(
            "kbs_appraisals_total",
            "Appraisals by outcome: the most severe EAR status, or refused",
            "status");
    failedClaims =
        counter(
            "kbs_appraisal_failed_claims_total",
            "Trust-vector claims that were not affirming, per appraisal",
            "claim");
    checkFailures =
        counter(
            "kbs_verifier_check_failures_total",
            "Evidence refused, by the check that failed",
            "check");
    referenceValues =
        Gauge.builder()
            .name("kbs_reference_values")
            .help("Registered reference values, by source (api or a mounted file)")
            .labelNames("source")
            .withoutExemplars()
            .register(registry);
    rateLimitRejections =
        counter("kbs_rate_limit_rejections_total", "Requests refused with 429, by limit", "reason");
    amdCacheHits =
        counter(
            "kbs_amd_cache_hits_total",
            "AMD verdict cache hits (VCEK chain, SNP report signature)",
            "cache");
    amdCacheMisses =
        counter(
            "kbs_amd_cache_misses_total",
            "AMD verdict cache misses (a signature was verified)",
            "cache");
  }

  /** Adds the Prometheus client's JVM metrics (memory, GC, threads, classes, ...); returns this. */
  public KbsMetrics withJvmMetrics() {
    JvmMetrics.builder().register(registry);
    return this;
  }

  private Counter counter(String name, String help, String... labels) {
    return Counter.builder()
        .name(name)
        .help(help)
        .labelNames(labels)
        .withoutExemplars()
        .register(registry);
  }

  private Histogram histogram(String name, String help, double[] buckets) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .classicOnly()
        .classicUpperBounds(buckets)
        .withoutExemplars()
        .register(registry);
  }

  /** Writes every metric in the Prometheus text format ({@link #CONTENT_TYPE}). */
  public void writeText(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  // --- HTTP ---

  /** A request to a KBS endpoint enters (pair with {@link #requestEnded}). */
  public void requestStarted() {
    httpActive.inc();
  }

  /** A request ended after {@code seconds}, with bodies of the given sizes. */
  public void requestEnded(double seconds, long requestBytes, long responseBytes) {
    httpActive.dec();
    httpRequests.inc();
    httpDuration.observe(seconds);
    httpRequestSize.observe(requestBytes);
    httpResponseSize.observe(responseBytes);
  }

  // --- the RCAR handshake ---

  public void authRequested() {
    authRequests.inc();
  }

  public void authSucceeded() {
    authSuccesses.inc();
  }

  public void authError() {
    authErrors.inc();
  }

  public void attestationRequested() {
    attestationRequests.inc();
  }

  /** A token was issued to a guest of {@code tee}. */
  public void attestationSucceeded(String tee) {
    attestationSuccesses.labelValues(tees.value(tee)).inc();
  }

  /** The evidence of a guest of {@code tee} was refused. */
  public void attestationFailed(String tee) {
    attestationFailures.labelValues(tees.value(tee)).inc();
  }

  /** An attestation request could not be processed (malformed, no or unknown session, a fault). */
  public void attestationError() {
    attestationErrors.inc();
  }

  // --- resources and the resource policy ---

  /** A resource was released; {@code path} is {@code repo/type/tag}. */
  public void resourceRead(String path) {
    resourceReads.labelValues(path).inc();
  }

  /** An administrator wrote a resource; {@code path} is {@code repo/type/tag}. */
  public void resourceWritten(String path) {
    resourceWrites.labelValues(path).inc();
  }

  /** The resource policy was evaluated and allowed ({@code true}) or denied the request. */
  public void policyDecided(boolean allowed) {
    policyEvaluations.inc();
    (allowed ? policyApprovals : policyViolations).inc();
  }

  /** The resource policy could not be evaluated. */
  public void policyError() {
    policyEvaluations.inc();
    policyErrors.inc();
  }

  // --- appraisals ---

  /**
   * An appraisal was made: counted under its status ({@link #status}) and each non-affirming
   * trust-vector claim once (a claim failing in several submodules counts once).
   */
  public void appraised(AppraisalRecord record) {
    appraisals.labelValues(status(record)).inc();
    Set<String> failed = new LinkedHashSet<>();
    for (SubmoduleAppraisal s : record.submodules()) {
      failed.addAll(s.nonAffirmingClaims().keySet());
    }
    failed.forEach(c -> failedClaims.labelValues(claims.value(c)).inc());
  }

  /** Evidence was refused before any appraisal; {@code check} names the failed check. */
  public void refused(String check) {
    appraisals.labelValues(REFUSED).inc();
    checkFailures.labelValues(checks.value(check)).inc();
  }

  /**
   * The status label of an appraisal: {@code affirming} when every submodule is, else the most
   * severe EAR status ({@code warning}, {@code contraindicated}, or {@code none} when a submodule
   * has no claims); an appraisal without submodules is {@code contraindicated}.
   */
  static String status(AppraisalRecord record) {
    if (record.submodules().isEmpty()) {
      return TrustTier.CONTRAINDICATED.word();
    }
    if (record.affirming()) {
      return TrustTier.AFFIRMING.word();
    }
    TrustTier worst = TrustTier.NONE;
    for (SubmoduleAppraisal s : record.submodules()) {
      if (s.status().compareTo(worst) > 0) {
        worst = s.status();
      }
    }
    return worst == TrustTier.AFFIRMING ? TrustTier.NONE.word() : worst.word();
  }

  // --- reference values, limits, caches ---

  /** The current number of reference values registered through the API and from mounted files. */
  public void referenceValues(long fromApi, long fromFiles) {
    referenceValues.labelValues("api").set(fromApi);
    referenceValues.labelValues("file").set(fromFiles);
  }

  /** A request was refused with 429 by {@code limit}. */
  public void rateLimited(RateLimit limit) {
    rateLimitRejections.labelValues(limit.label()).inc();
  }

  @Override
  public void lookup(String cache, boolean hit) {
    (hit ? amdCacheHits : amdCacheMisses).labelValues(caches.value(cache)).inc();
  }
}
