/**
 * The TEEs upstream Trustee verifies and this KBS knows by name only ({@link
 * io.trustee.kbs.attestation.upstream.UpstreamTees}): accepted in {@code /auth}, with their
 * reference-value ↔ claim mappings and runbook groups, but without a verifier. Plain Java, no
 * container.
 */
package io.trustee.kbs.attestation.upstream;
