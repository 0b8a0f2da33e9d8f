/**
 * MicroProfile Health checks: liveness, readiness (database, keys, operator warnings) and startup.
 * Upstream probes use {@code /healthz} instead, served by {@code HealthzResource}.
 */
package io.trustee.kbs.web.health;
