/**
 * An evidence simulator for tests, demos and load tests: {@link
 * io.trustee.kbs.sim.AzSnpVtpmSimulator} produces {@code az-snp-vtpm} evidence (Azure SEV-SNP with
 * the paravisor vTPM) byte-compatible with real Azure evidence, signed by its own test AMD chain
 * ({@link io.trustee.kbs.sim.TestAmdChain}) and attestation key, optionally with deliberate {@link
 * io.trustee.kbs.sim.Fault faults}. All keys are generated at run time and never written anywhere
 * except where the caller asks for the (public) chain. Depends only on Bouncy Castle and Jackson,
 * deliberately not on the verifier, so that it checks the verifier independently.
 */
package io.trustee.kbs.sim;
