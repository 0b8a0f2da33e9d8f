package io.trustee.kbs.attestation.snp;

import java.util.Locale;
import java.util.Optional;

/**
 * AMD EPYC processor generations that support SEV-SNP. The generation selects the AMD root chain
 * (one ARK/ASK per generation) and the bit layout of {@code TCB_VERSION}. Immutable.
 */
public enum ProductGeneration {
  MILAN,
  GENOA,
  TURIN;

  /** Lower-case name as used in chain file names ({@code milan_ask_ark_asvk.pem}). */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The AMD spelling used in certificate common names ({@code ARK-Milan}, {@code SEV-Milan}). */
  public String displayName() {
    return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
  }

  /**
   * The generation the verifier uses for a CPUID family/model (spec §4 table). Upstream's lookup
   * excludes Genoa model 0xAF although its report parser accepts it; we do the same, so such a
   * report parses but cannot complete verification.
   */
  public static Optional<ProductGeneration> fromCpuid(int family, int model) {
    if (family == 0x19 && model >= 0x00 && model <= 0x0F) {
      return Optional.of(MILAN);
    }
    if (family == 0x19 && ((model >= 0x10 && model <= 0x1F) || (model >= 0xA0 && model <= 0xAE))) {
      return Optional.of(GENOA);
    }
    if (family == 0x1A && model >= 0x00 && model <= 0x11) {
      return Optional.of(TURIN);
    }
    return Optional.empty();
  }

  /** The CPUID values the report parser accepts (the lookup above plus Genoa model 0xAF). */
  static boolean parserAccepts(int family, int model) {
    return fromCpuid(family, model).isPresent() || (family == 0x19 && model == 0xAF);
  }

  /** Parses a file-name or display spelling ({@code milan}, {@code Milan}). */
  public static Optional<ProductGeneration> fromName(String name) {
    for (ProductGeneration g : values()) {
      if (g.name().equalsIgnoreCase(name)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }
}
