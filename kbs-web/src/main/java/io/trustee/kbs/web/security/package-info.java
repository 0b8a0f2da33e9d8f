/**
 * Request-level protections of the web layer: the body size limit and the per-client rate
 * limit of the unauthenticated attestation endpoints (servlet filters). Admin authentication is
 * decided by the domain's {@code AdminGuard}, called on the first line of every admin method.
 */
package io.trustee.kbs.web.security;
