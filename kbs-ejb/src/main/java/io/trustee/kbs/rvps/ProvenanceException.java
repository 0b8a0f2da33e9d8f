package io.trustee.kbs.rvps;

/**
 * The signed provenance of a registration message does not verify: malformed JWS, algorithm not
 * allowed for any configured publisher key, or no configured key verifies the signature. Client
 * error (4xx); nothing was stored.
 */
public class ProvenanceException extends InvalidReferenceValueException {
  private static final long serialVersionUID = 1L;

  public ProvenanceException(String detail) {
    super("signature", detail);
  }

  public ProvenanceException(String detail, Throwable cause) {
    super("signature", detail, cause);
  }
}
