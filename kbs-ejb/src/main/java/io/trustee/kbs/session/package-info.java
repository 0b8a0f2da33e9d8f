/**
 * RCAR session state (kbs-protocol.md §4) and the repository that keeps it in the database, so that
 * no protocol state lives only in one server's memory and replicas need no sticky sessions.
 */
package io.trustee.kbs.session;
