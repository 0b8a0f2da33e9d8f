package io.trustee.kbs.attestation.spi;

/**
 * Verifies the evidence of one TEE. Implementations are plain Java (no container needed), created
 * by the TEE's {@link EvidenceVerifierFactory}; the attestation pipeline finds them by TEE name
 * through {@link EvidenceVerifierRegistry}, calls {@link #verify} and then evaluates policy on the
 * returned claims.
 *
 * <p>Implementations must be thread-safe. Every failure that comes from the evidence data must be
 * reported as a {@link BadEvidenceException} naming the failed check; unchecked exceptions are
 * treated as server malfunctions.
 */
public interface EvidenceVerifier {

  /** The scheme this verifier handles. */
  EvidenceScheme scheme();

  /**
   * Checks the evidence (signatures, chain, binding to the expected report data and init-data) and
   * returns its claims.
   */
  TeeClaims verify(EvidenceInput input) throws BadEvidenceException;
}
