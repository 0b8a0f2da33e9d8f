package io.trustee.kbs.attestation.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Selects a verifier by the TEE name a guest sends (name or alias). Built once from the available
 * verifiers; refuses two verifiers that answer to the same name. Immutable and thread-safe.
 */
public final class EvidenceVerifierRegistry {
  private final List<EvidenceVerifier> verifiers;

  public EvidenceVerifierRegistry(Collection<? extends EvidenceVerifier> verifiers) {
    List<EvidenceVerifier> list = new ArrayList<>();
    for (EvidenceVerifier v : verifiers) {
      EvidenceScheme s = v.scheme();
      for (EvidenceVerifier other : list) {
        EvidenceScheme o = other.scheme();
        if (o.answersTo(s.name())
            || s.answersTo(o.name())
            || s.aliases().stream().anyMatch(o::answersTo)) {
          throw new IllegalStateException(
              "two verifiers answer to the same TEE name: " + s.name() + " and " + o.name());
        }
      }
      list.add(v);
    }
    this.verifiers = List.copyOf(list);
  }

  public Optional<EvidenceVerifier> forTee(String tee) {
    if (tee == null) {
      return Optional.empty();
    }
    return verifiers.stream().filter(v -> v.scheme().answersTo(tee)).findFirst();
  }

  public List<EvidenceVerifier> all() {
    return verifiers;
  }
}
