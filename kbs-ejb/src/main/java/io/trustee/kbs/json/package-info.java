/**
 * JSON helpers that must produce exact bytes: RFC 8785 canonicalisation ({@link
 * io.trustee.kbs.json.Jcs}) used for the report-data binding of the KBS protocol. Everything here
 * is stateless and works on Jackson trees.
 */
package io.trustee.kbs.json;
