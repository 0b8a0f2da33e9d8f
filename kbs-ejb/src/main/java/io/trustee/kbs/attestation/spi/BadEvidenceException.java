package io.trustee.kbs.attestation.spi;

import java.util.Objects;

/**
 * The attester's fault: the evidence is malformed, not bound to the expected report data, not
 * signed by a trusted chain, or fails a check. Carries the name of the check that failed (e.g.
 * {@code pcr-digest mismatch}, {@code vcek not signed by ask}) so that logs, the 401 body and the
 * "why denied" record can say exactly what went wrong. Never carries secrets.
 *
 * <p>Anything else that goes wrong inside a verifier is a malfunction and must not be reported with
 * this type (see conventions §10).
 */
public class BadEvidenceException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String check;

  public BadEvidenceException(String check, String detail) {
    super(check + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    this.check = Objects.requireNonNull(check, "check");
  }

  public BadEvidenceException(String check, String detail, Throwable cause) {
    this(check, detail);
    initCause(cause);
  }

  /** Short, stable name of the check that failed, e.g. {@code nonce mismatch}. */
  public String check() {
    return check;
  }
}
