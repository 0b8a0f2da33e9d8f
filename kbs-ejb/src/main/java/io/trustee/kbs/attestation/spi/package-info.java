/**
 * The service-provider interface between the attestation pipeline and the per-TEE evidence
 * verifiers. A verifier declares its {@link io.trustee.kbs.attestation.spi.EvidenceScheme}, checks
 * evidence against the expected report data and returns
 * {@link io.trustee.kbs.attestation.spi.TeeClaims}; failures caused by the evidence are
 * {@link io.trustee.kbs.attestation.spi.BadEvidenceException}s naming the check. Nothing here
 * depends on Jakarta EE.
 */
package io.trustee.kbs.attestation.spi;
