/**
 * {@code /metrics} on the KBS listener and the request metrics: {@link
 * io.trustee.kbs.web.metrics.MetricsResource} writes the KBS's Prometheus metrics (under the KBS's
 * own admin authentication), and {@link io.trustee.kbs.web.metrics.HttpMetricsFilter}, registered
 * ahead of every other filter, times and sizes the requests to {@code /kbs/*}.
 */
package io.trustee.kbs.web.metrics;
