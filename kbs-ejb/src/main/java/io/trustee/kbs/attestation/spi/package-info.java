/**
 * The service-provider interface between the KBS and the per-TEE code. Each TEE is one package with
 * an {@link io.trustee.kbs.attestation.spi.EvidenceVerifierFactory} (scheme name and aliases,
 * reference-value ↔ claim mappings, PCR bank and runbook groups, verifier creation), registered for
 * {@link java.util.ServiceLoader}; the {@link io.trustee.kbs.attestation.spi.TeeRegistry} built
 * from the factories is what name parsing, the claim table, the runbook mapping and the server's
 * verifier list read. A verifier declares its {@link
 * io.trustee.kbs.attestation.spi.EvidenceScheme}, checks evidence against the expected report data
 * and returns {@link io.trustee.kbs.attestation.spi.TeeClaims}; failures caused by the evidence are
 * {@link io.trustee.kbs.attestation.spi.BadEvidenceException}s naming the check. Nothing here
 * depends on Jakarta EE.
 */
package io.trustee.kbs.attestation.spi;
