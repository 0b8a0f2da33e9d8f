/**
 * The operator's web console, served under {@code /console/} on the KBS listener: static pages that
 * call the existing admin API with {@code fetch()} and the administrator's short-lived admin token
 * in the {@code Authorization} header. The Java here only guards the pages (a page needs a valid
 * admin token in a {@code SameSite=Strict}, {@code HttpOnly} cookie set at sign-in), sets the
 * security headers (a strict Content-Security-Policy without inline script), and checks tokens with
 * the same {@code AdminGuard} as the API.
 */
package io.trustee.kbs.console;
