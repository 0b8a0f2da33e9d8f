package io.trustee.kbs.attestation.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Describes one evidence format (one TEE): its wire name as the KBS protocol spells it in {@code
 * /auth} (e.g. {@code az-snp-vtpm}), the older spellings accepted as aliases (e.g. {@code
 * azsnpvtpm}) and the TEE class the attestation service uses to pick a policy ({@code cpu}, {@code
 * gpu}).
 *
 * <p>Immutable and thread-safe. Names are compared case-sensitively, as upstream does.
 */
public record EvidenceScheme(String name, Set<String> aliases, String teeClass) {

  public EvidenceScheme {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(teeClass, "teeClass");
    if (name.isBlank() || !name.equals(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("scheme name must be non-blank lower case: " + name);
    }
    aliases = Set.copyOf(aliases == null ? Set.of() : aliases);
    if (aliases.contains(name)) {
      throw new IllegalArgumentException("alias repeats the scheme name: " + name);
    }
  }

  /** True if {@code tee} is this scheme's name or one of its aliases. */
  public boolean answersTo(String tee) {
    return name.equals(tee) || aliases.contains(tee);
  }
}
