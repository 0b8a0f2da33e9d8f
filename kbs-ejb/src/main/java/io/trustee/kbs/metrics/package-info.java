/**
 * The KBS's Prometheus metrics: the upstream KBS's names, types and labels (so that existing
 * dashboards and alerts work) and ours, all prefixed {@code kbs_}. {@link
 * io.trustee.kbs.metrics.KbsMetrics} is plain Java over the Prometheus Java client: the façades,
 * the web filters and the verifiers call its counting methods, and {@code GET /metrics} writes its
 * registry in the Prometheus text format. Label values that come from requests or evidence are
 * bounded here ({@link io.trustee.kbs.metrics.BoundedLabel}).
 */
package io.trustee.kbs.metrics;
