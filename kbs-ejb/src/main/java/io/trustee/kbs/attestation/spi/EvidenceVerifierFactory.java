package io.trustee.kbs.attestation.spi;

import java.util.List;
import java.util.Optional;

/**
 * Everything the KBS knows about one TEE, in one place: its {@link EvidenceScheme} (wire name,
 * aliases, TEE class), which claim each of its reference values is compared with, its PCR bank and
 * runbook group names, and how to create its verifier from the server settings. Protocol name
 * parsing ({@code TeeName}), the claim table ({@code ClaimPaths}), the runbook mapping ({@code
 * RunbookDocument}) and the server's verifier list all derive from the {@link TeeRegistry} of these
 * factories.
 *
 * <p>Adding a TEE means one package with an implementation of this interface, registered for {@link
 * java.util.ServiceLoader} in {@code
 * META-INF/services/io.trustee.kbs.attestation.spi.EvidenceVerifierFactory}. Implementations are
 * plain Java with a public no-argument constructor, stateless and thread-safe.
 */
public interface EvidenceVerifierFactory {

  /** Name, aliases and TEE class. */
  EvidenceScheme scheme();

  /**
   * The reference values compared with claims of this TEE, other than the PCRs of {@link
   * #pcrBank()}, in the order the "why denied" record lists them.
   */
  default List<ClaimMapping> claimMappings() {
    return List.of();
  }

  /** The TEE's PCR bank, if its claims carry PCRs. */
  default Optional<PcrBank> pcrBank() {
    return Optional.empty();
  }

  /**
   * Cheap summary of the files {@link #create} reads (names, sizes, modification times), so the
   * server can re-create the verifier when they change; constant when it reads none.
   */
  default String inputsFingerprint(VerifierSettings settings) {
    return "";
  }

  /**
   * The verifier under these settings, or why there is none. Must not throw for problems of the
   * configured files: they become {@link VerifierOffer#unavailable(String)}.
   */
  VerifierOffer create(VerifierSettings settings);
}
