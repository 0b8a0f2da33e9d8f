package io.trustee.kbs.as;

/**
 * AR4SI trustworthiness tiers ({@code attestation-service.md} §5.3), in increasing severity; the
 * {@code ear.status} of a submodule is the most severe tier among its claims.
 */
public enum TrustTier {
  NONE("none"),
  AFFIRMING("affirming"),
  WARNING("warning"),
  CONTRAINDICATED("contraindicated");

  private final String word;

  TrustTier(String word) {
    this.word = word;
  }

  /** The {@code ear.status} word. */
  public String word() {
    return word;
  }

  /** Tier of a claim value in −128…127. */
  public static TrustTier of(int value) {
    if (value < -128 || value > 127) {
      throw new IllegalArgumentException("trust claim value out of range -128..127: " + value);
    }
    int a = Math.abs(value);
    if (a <= 1) {
      return NONE;
    }
    // Negative ranges: -32..-2 affirming, -96..-33 warning, -128..-97 contraindicated.
    if (value > 0 ? value <= 31 : value >= -32) {
      return AFFIRMING;
    }
    if (value > 0 ? value <= 95 : value >= -96) {
      return WARNING;
    }
    return CONTRAINDICATED;
  }
}
