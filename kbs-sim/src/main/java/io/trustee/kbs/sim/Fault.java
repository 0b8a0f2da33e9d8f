package io.trustee.kbs.sim;

/**
 * Deliberate faults the simulator can build into evidence, each defeating exactly one check of the
 * verifier (the check it should fail with is named in brackets) or, for the last two, of the
 * default attestation policy (the evidence verifies; the guest must not be affirming).
 */
public enum Fault {
  /** The quote's extraData differs from the report data in one byte [nonce mismatch]. */
  WRONG_NONCE,
  /** A PCR value in the evidence was changed after the quote was made [pcr-digest mismatch]. */
  PCR_CHANGED_AFTER_QUOTE,
  /** The quote is signed by another AK than the one in the HCL report [quote signature invalid]. */
  QUOTE_SIGNED_BY_OTHER_AK,
  /** v2 user-data does not carry the report data [user-data mismatch]. */
  USER_DATA_MISMATCH,
  /** REPORT_DATA does not hold SHA-256 of the variable data [hcl variable data not bound...]. */
  VARIABLE_DATA_NOT_BOUND,
  /** The SNP report is signed by another P-384 key than the VCEK's [report signature invalid]. */
  REPORT_SIGNED_BY_OTHER_KEY,
  /** REPORTED_TCB's SNP SPL is one below the VCEK's (report correctly signed) [tcb mismatch]. */
  TCB_MISMATCH,
  /** The report says VMPL 1 (correctly signed) [vmpl not 0]. */
  VMPL_1,
  /** The VCEK is signed by a rogue key under the ASK's name [vcek not signed by ask]. */
  VCEK_SIGNED_BY_ROGUE_ASK,
  /** The guest policy allows debugging, DEBUG = 1 (correctly signed) [configuration 96]. */
  DEBUG_ALLOWED,
  /** The guest policy allows a migration agent, MIGRATE_MA = 1 (correctly signed) [config 96]. */
  MIGRATE_MA_ALLOWED
}
