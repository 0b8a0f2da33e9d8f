/**
 * MicroProfile Health checks: liveness, readiness (database, keys, operator warnings) and startup.
 * Upstream probes use {@code /healthz} instead, served by {@code HealthzResource}; {@code
 * HealthResource} answers {@code /health/*} on the KBS listener with states only.
 */
package io.trustee.kbs.web.health;
