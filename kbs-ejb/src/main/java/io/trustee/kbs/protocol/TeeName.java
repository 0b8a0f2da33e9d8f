package io.trustee.kbs.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A TEE name as the protocol spells it (kbs-protocol.md §3.1), after alias normalisation: {@code
 * azsnpvtpm} → {@code az-snp-vtpm} and {@code aztdxvtpm} → {@code az-tdx-vtpm} (guests with
 * kbs-types ≤ 0.13 send the old spellings). Names are case-sensitive, as upstream.
 *
 * <p>Immutable and thread-safe.
 */
public record TeeName(String value) {
  /** Every TEE name upstream knows. */
  public static final Set<String> KNOWN =
      Set.of(
          "az-snp-vtpm",
          "az-tdx-vtpm",
          "snp",
          "tdx",
          "sgx",
          "cca",
          "csv",
          "se",
          "hygondcu",
          "tpm",
          "nvidia",
          "sample",
          "sampledevice");

  private static final Map<String, String> ALIASES =
      Map.of("azsnpvtpm", "az-snp-vtpm", "aztdxvtpm", "az-tdx-vtpm");

  public TeeName {
    Objects.requireNonNull(value, "value");
    if (!KNOWN.contains(value)) {
      throw new IllegalArgumentException("unknown TEE: " + value);
    }
  }

  /**
   * Normalises a name sent by a guest.
   *
   * @throws ProtocolException naming field {@code tee} if the name is unknown
   */
  public static TeeName normalize(String sent) throws ProtocolException {
    if (sent == null) {
      throw new ProtocolException("tee", "missing");
    }
    String name = ALIASES.getOrDefault(sent, sent);
    if (!KNOWN.contains(name)) {
      throw new ProtocolException("tee", "unknown TEE " + truncate(sent));
    }
    return new TeeName(name);
  }

  static String truncate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  @Override
  public String toString() {
    return value;
  }
}
