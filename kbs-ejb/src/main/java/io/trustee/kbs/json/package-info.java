/**
 * JSON helpers shared by the protocol and the attestation service: {@link io.trustee.kbs.json.Jcs},
 * the RFC 8785 canonicaliser used to hash structured runtime data and to build signing inputs.
 * Stateless and thread-safe.
 */
package io.trustee.kbs.json;
