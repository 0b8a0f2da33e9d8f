/**
 * AMD SEV-SNP building blocks shared by every SNP-based scheme: the 1184-byte attestation report
 * ({@link io.trustee.kbs.attestation.snp.SnpAttestationReport}), the generation-dependent TCB
 * layout, the VCEK's X.509 extensions and the AMD certificate chain (pinned roots in {@link
 * io.trustee.kbs.attestation.snp.AmdRootStore}, VCEK verdicts cached by {@link
 * io.trustee.kbs.attestation.snp.VcekChainVerifier}). Layouts follow the AMD SEV-SNP ABI
 * specification (Table "ATTESTATION_REPORT Structure") as summarised in {@code
 * azsnpvtpm-verification.md} §4 and §7. Not a TEE of its own: the bare-metal {@code snp} TEE is
 * known by name only ({@code attestation.upstream}). Plain Java, no container.
 */
package io.trustee.kbs.attestation.snp;
