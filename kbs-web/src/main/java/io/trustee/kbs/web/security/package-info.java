/**
 * Request-level protections of the web layer: the body size limit (a servlet filter). Admin authentication is
 * decided by the domain's {@code AdminGuard}, called on the first line of every admin method.
 */
package io.trustee.kbs.web.security;
