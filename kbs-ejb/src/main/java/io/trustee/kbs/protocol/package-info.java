/**
 * The RCAR wire protocol of the KBS (kbs-protocol.md §3–§6 and §12) as plain value types: protocol
 * versions, nonces, session ids, TEE names, the {@code /auth} request, the challenge, the {@code
 * /attest} body for every supported version, the TEE public key and the report-data binding. All
 * types are immutable; parsers throw {@link io.trustee.kbs.protocol.ProtocolException} naming the
 * offending field, which the web layer maps to 401 {@code AttestationError}.
 */
package io.trustee.kbs.protocol;
