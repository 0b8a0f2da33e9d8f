package io.trustee.kbs.attestation.spi;

/** How an attestation policy compares a claim with its reference value. */
public enum ClaimComparison {
  /** {@code claim in rv} */
  MEMBER,
  /** {@code claim == rv} */
  EQUALS,
  /** {@code claim >= rv} */
  AT_LEAST
}
