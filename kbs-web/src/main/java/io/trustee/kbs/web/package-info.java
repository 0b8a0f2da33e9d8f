/**
 * The HTTP face of the KBS: the JAX-RS application. Sub-packages hold the resources (thin: parse,
 * call one façade, map the result), wire DTO records, exception mappers, admin authentication and
 * health checks.
 */
package io.trustee.kbs.web;
