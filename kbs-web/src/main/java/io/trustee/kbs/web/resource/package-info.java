/**
 * JAX-RS resources, one per endpoint family of the KBS and AS protocols. Each method parses the
 * request, checks admin credentials where needed, calls one façade and maps the result; errors
 * are thrown as exceptions and written by the mappers.
 */
package io.trustee.kbs.web.resource;
