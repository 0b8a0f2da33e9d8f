/**
 * {@code /metrics} on the KBS listener: the MicroProfile Metrics registries written as Prometheus
 * text by the application itself, so that the KBS's own admin authentication applies to it.
 */
package io.trustee.kbs.web.metrics;
