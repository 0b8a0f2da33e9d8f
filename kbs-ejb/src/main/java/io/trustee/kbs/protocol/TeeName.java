package io.trustee.kbs.protocol;

import io.trustee.kbs.attestation.spi.TeeRegistry;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A TEE name as the protocol spells it (kbs-protocol.md §3.1), after alias normalisation: {@code
 * azsnpvtpm} → {@code az-snp-vtpm} and {@code aztdxvtpm} → {@code az-tdx-vtpm} (guests with
 * kbs-types ≤ 0.13 send the old spellings). The names and aliases are those of the {@link
 * TeeRegistry}. Names are case-sensitive, as upstream.
 *
 * <p>The constructor checks the spelling only; {@link #normalize} checks that the name is known.
 * Immutable and thread-safe.
 */
public record TeeName(String value) {
  /** Every TEE name of the installed {@link TeeRegistry}. */
  public static final Set<String> KNOWN = TeeRegistry.installed().names();

  private static final Pattern SPELLING = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  public TeeName {
    Objects.requireNonNull(value, "value");
    if (!SPELLING.matcher(value).matches()) {
      throw new IllegalArgumentException("not a TEE name: " + truncate(value));
    }
  }

  /**
   * Normalises a name sent by a guest, with the installed TEEs.
   *
   * @throws ProtocolException naming field {@code tee} if the name is unknown
   */
  public static TeeName normalize(String sent) throws ProtocolException {
    return normalize(sent, TeeRegistry.installed());
  }

  /**
   * Normalises a name sent by a guest: a name or alias of {@code tees}.
   *
   * @throws ProtocolException naming field {@code tee} if the name is unknown
   */
  public static TeeName normalize(String sent, TeeRegistry tees) throws ProtocolException {
    if (sent == null) {
      throw new ProtocolException("tee", "missing");
    }
    return new TeeName(
        tees.canonicalName(sent)
            .orElseThrow(() -> new ProtocolException("tee", "unknown TEE " + truncate(sent))));
  }

  static String truncate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  @Override
  public String toString() {
    return value;
  }
}
