/**
 * JSON for the whole server: the one shared Jackson configuration ({@link
 * io.trustee.kbs.json.Json}) and RFC 8785 canonicalisation ({@link io.trustee.kbs.json.Jcs}), which
 * must produce exact bytes for the report-data binding of the KBS protocol. Everything here is
 * stateless and thread-safe.
 */
package io.trustee.kbs.json;
