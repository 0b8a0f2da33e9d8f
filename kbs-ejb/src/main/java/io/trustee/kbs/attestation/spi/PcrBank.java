package io.trustee.kbs.attestation.spi;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The 24 SHA-256 PCRs a TEE reports (through a vTPM or a TPM): reference values {@code
 * <referenceValuePrefix>_pcrNN} are compared by membership with the claim {@code <claimPrefix>NN},
 * and the runbook groups named in {@code runbookGroups} (spec {@code kbs-config.md} §5.4) give
 * their {@code pcrs} that prefix. Example: {@code az-snp-vtpm} has prefix {@code snp}, claim prefix
 * {@code tpm.pcr} and groups {@code azure-vtpm-snp}, {@code az-snp-vtpm}.
 *
 * <p>Immutable.
 */
public record PcrBank(String referenceValuePrefix, String claimPrefix, Set<String> runbookGroups) {
  /** Number of PCRs in the bank (indexes 0–23). */
  public static final int SIZE = 24;

  private static final Pattern PREFIX = Pattern.compile("[a-z0-9_]+");

  public PcrBank {
    Objects.requireNonNull(referenceValuePrefix, "referenceValuePrefix");
    Objects.requireNonNull(claimPrefix, "claimPrefix");
    if (!PREFIX.matcher(referenceValuePrefix).matches() || claimPrefix.isBlank()) {
      throw new IllegalArgumentException("bad PCR prefix: " + referenceValuePrefix);
    }
    runbookGroups = Set.copyOf(runbookGroups == null ? Set.of() : runbookGroups);
  }

  /** The reference-value name of PCR {@code index}, e.g. {@code snp_pcr03}. */
  public String referenceValue(int index) {
    return String.format("%s_pcr%02d", referenceValuePrefix, index);
  }
}
