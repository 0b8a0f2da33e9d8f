package io.trustee.kbs.attestation.snp;

/**
 * The configured AMD certificate directory cannot be used: unreadable, empty, a chain whose
 * signatures do not verify, or an ARK that is not pinned while unpinned roots are not allowed. A
 * configuration error, never the attester's fault; the server must refuse to become ready.
 * Immutable.
 */
public final class AmdRootStoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public AmdRootStoreException(String message) {
    super(message);
  }

  public AmdRootStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
