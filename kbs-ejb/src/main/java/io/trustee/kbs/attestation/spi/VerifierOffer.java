package io.trustee.kbs.attestation.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link EvidenceVerifierFactory} offers under the current settings: a verifier, or none
 * and, when the operator should be told (readiness warning), why not.
 *
 * @param verifier the verifier, if the TEE is offered
 * @param unavailable why an expected verifier is missing (e.g. its trust anchors are absent)
 */
public record VerifierOffer(Optional<EvidenceVerifier> verifier, Optional<String> unavailable) {
  public VerifierOffer {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(unavailable, "unavailable");
  }

  public static VerifierOffer of(EvidenceVerifier verifier) {
    return new VerifierOffer(Optional.of(verifier), Optional.empty());
  }

  /** Not offered, deliberately (switched off or not implemented here): nothing to warn about. */
  public static VerifierOffer none() {
    return new VerifierOffer(Optional.empty(), Optional.empty());
  }

  /** Not offered although it should be: {@code why} becomes a readiness warning. */
  public static VerifierOffer unavailable(String why) {
    return new VerifierOffer(Optional.empty(), Optional.of(why));
  }
}
