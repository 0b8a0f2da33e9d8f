/**
 * JAX-RS resources, one per endpoint family of the KBS and AS protocols. Each method parses the
 * request, calls one façade and maps the result; errors are thrown as exceptions and written by the
 * mappers. Who may call each method is declared with the annotations of {@code
 * io.trustee.kbs.web.security} and enforced by its {@code AdminAuthFilter}: unannotated methods are
 * admin-only.
 */
package io.trustee.kbs.web.resource;
