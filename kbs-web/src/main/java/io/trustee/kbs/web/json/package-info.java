/**
 * JAX-RS providers for JSON: the writer of every JSON response entity and the readers of the
 * protocol requests, all with the server's one Jackson configuration ({@code
 * io.trustee.kbs.json.Json}). The readers reuse the domain's {@code parse} methods, so a malformed
 * request fails with the same error type and detail as before it reached a façade.
 */
package io.trustee.kbs.web.json;
