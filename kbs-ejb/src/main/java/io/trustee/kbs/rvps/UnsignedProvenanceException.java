package io.trustee.kbs.rvps;

/**
 * The RVPS is configured with {@code requireSigned = true} and a registration arrived without a
 * {@code signature} member (or as a bare runbook array, which cannot carry one, or through an admin
 * path that has no message at all: promotion, event-log import). Client error (4xx); nothing was
 * stored.
 */
public final class UnsignedProvenanceException extends ProvenanceException {
  private static final long serialVersionUID = 1L;

  public UnsignedProvenanceException(String what) {
    super(what + " is unsigned, but this RVPS requires signed provenance (member \"signature\")");
  }
}
