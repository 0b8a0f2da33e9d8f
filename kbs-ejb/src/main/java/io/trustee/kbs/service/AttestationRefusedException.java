package io.trustee.kbs.service;

/**
 * The evidence was refused (a verifier check failed, or the appraisal could not be made). The
 * message names the failed check and is safe to show to the guest: it carries no secrets and no
 * reference values.
 */
public class AttestationRefusedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String check;

  /** {@code check} is the stable name of the failed check, recorded in the appraisal record. */
  public AttestationRefusedException(String check, String message) {
    super(message);
    this.check = check;
  }

  public AttestationRefusedException(String check, String message, Throwable cause) {
    super(message, cause);
    this.check = check;
  }

  /** The failed check, e.g. {@code nonce mismatch} or {@code vcek not signed by ask}. */
  public String check() {
    return check;
  }
}
