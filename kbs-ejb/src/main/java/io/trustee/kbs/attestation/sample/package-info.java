/**
 * The development-only {@code sample} TEE (azsnpvtpm-verification.md §11.1): no hardware, no
 * signature, only the report-data binding is checked. Useful for end-to-end tests of the RCAR flow;
 * the default resource policy refuses resources to it. {@link
 * io.trustee.kbs.attestation.sample.SampleTee} offers it only with {@code
 * kbs.tee.sample.enabled=true}.
 */
package io.trustee.kbs.attestation.sample;
