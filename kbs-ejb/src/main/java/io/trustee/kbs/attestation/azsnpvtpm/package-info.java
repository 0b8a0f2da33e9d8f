/**
 * The {@code az-snp-vtpm} scheme: evidence from Azure confidential VMs on AMD SEV-SNP with the
 * paravisor (HCL) vTPM. Holds the evidence formats v0/v1/v2, the HCL report and its variable data,
 * the claims of {@code azsnpvtpm-verification.md} §9 and {@link
 * io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmVerifier}, which runs the checks of §6 in
 * upstream's order using the {@code snp} and {@code tpm} packages, and {@link
 * io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmTee}, the TEE's factory (reference values, PCR
 * bank, runbook groups, the verifier from {@code kbs.amd.certs-dir}). Plain Java, no container.
 */
package io.trustee.kbs.attestation.azsnpvtpm;
