/**
 * TPM 2.0 structures used to verify vTPM quotes: {@link io.trustee.kbs.attestation.tpm.TpmsAttest}
 * (with its PCR selection and digest), {@link io.trustee.kbs.attestation.tpm.TpmtSignature}, the
 * attestation-key public key and the quote checks (signature, nonce, PCR digest). Layouts follow
 * TCG "TPM 2.0 Library, Part 2: Structures" (big-endian marshalling). Plain Java, no container.
 */
package io.trustee.kbs.attestation.tpm;
