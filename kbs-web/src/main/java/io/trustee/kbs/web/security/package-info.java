/**
 * Request-level protections of the web layer: the body size limit and the per-client rate limit of
 * the unauthenticated attestation endpoints (servlet filters), and admin authentication of every
 * resource method, deny by default ({@link io.trustee.kbs.web.security.AdminAuthFilter}, with the
 * markers {@code PublicEndpoint}, {@code GuestEndpoint} and {@code AdminUnless}). The credentials
 * themselves are checked by the domain's {@code AdminGuard}.
 */
package io.trustee.kbs.web.security;
