package io.trustee.kbs.crypto;

/**
 * A PEM document could not be read: missing file, no object of the expected kind, encrypted key,
 * unsupported algorithm. The message names the source (usually a path) but never key bytes.
 */
public final class PemException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String source;

  public PemException(String source, String detail) {
    super(source + ": " + detail);
    this.source = source;
  }

  public PemException(String source, String detail, Throwable cause) {
    this(source, detail);
    initCause(cause);
  }

  /** Where the PEM came from (a path or a label). */
  public String source() {
    return source;
  }
}
