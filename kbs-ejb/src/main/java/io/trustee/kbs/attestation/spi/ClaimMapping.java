package io.trustee.kbs.attestation.spi;

import java.util.Objects;

/**
 * Which claim of a TEE a reference value is compared with (one row of the table of {@code rvps.md}
 * §5 or of the upstream default policies).
 *
 * @param referenceValue the reference-value name, e.g. {@code measurement}
 * @param claim the claim path inside the TEE's claims, dotted, e.g. {@code reported_tcb_snp} or
 *     {@code quote.body.mr_td}
 * @param comparison how the policy compares the two
 * @param measurement true for launch measurements and PCRs (the values {@code promote} may
 *     propose); false for TCB and configuration values
 */
public record ClaimMapping(
    String referenceValue, String claim, ClaimComparison comparison, boolean measurement) {

  public ClaimMapping {
    Objects.requireNonNull(referenceValue, "referenceValue");
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(comparison, "comparison");
    if (referenceValue.isBlank() || claim.isBlank()) {
      throw new IllegalArgumentException("reference value and claim must be non-blank");
    }
  }

  /** A launch measurement compared by membership ({@code claim in rv}). */
  public static ClaimMapping measurement(String referenceValue, String claim) {
    return new ClaimMapping(referenceValue, claim, ClaimComparison.MEMBER, true);
  }

  /** A TCB or configuration value compared by membership ({@code claim in rv}). */
  public static ClaimMapping member(String referenceValue, String claim) {
    return new ClaimMapping(referenceValue, claim, ClaimComparison.MEMBER, false);
  }

  /** A configuration value compared by equality ({@code claim == rv}). */
  public static ClaimMapping equal(String referenceValue, String claim) {
    return new ClaimMapping(referenceValue, claim, ClaimComparison.EQUALS, false);
  }
}
