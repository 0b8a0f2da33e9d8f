package io.trustee.kbs.attestation.snp;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * The AMD certificates of one product generation, already checked when the store was loaded: the
 * ARK is self-signed, the ASK (and the ASVK, if present) are signed by the ARK. {@code pinned}
 * tells whether the ARK is one of AMD's official roots. Immutable (X.509 certificates are
 * immutable) and thread-safe.
 */
public record AmdChain(
    ProductGeneration generation,
    X509Certificate ark,
    X509Certificate ask,
    Optional<X509Certificate> asvk,
    boolean pinned) {

  public AmdChain {
    Objects.requireNonNull(generation, "generation");
    Objects.requireNonNull(ark, "ark");
    Objects.requireNonNull(ask, "ask");
    asvk = asvk == null ? Optional.empty() : asvk;
  }
}
