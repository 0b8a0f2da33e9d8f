package io.trustee.kbs.service;

/**
 * The evidence was refused (a verifier check failed, or the appraisal could not be made). The
 * message names the failed check and is safe to show to the guest: it carries no secrets and no
 * reference values.
 */
public class AttestationRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public AttestationRefusedException(String message) {
    super(message);
  }

  public AttestationRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
