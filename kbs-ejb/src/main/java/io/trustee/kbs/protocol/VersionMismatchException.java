package io.trustee.kbs.protocol;

/**
 * The client's protocol version is unparsable or not supported. The message contains the phrase
 * {@code KBS Client Protocol Version Mismatch} that upstream puts in the 401 detail
 * (kbs-protocol.md §3.1 step 2).
 */
public final class VersionMismatchException extends ProtocolException {
  private static final long serialVersionUID = 1L;
  private final String received;

  public VersionMismatchException(String received) {
    super(
        "version",
        "KBS Client Protocol Version Mismatch: "
            + (received == null ? "<missing>" : truncate(received))
            + " is not one of "
            + ProtocolVersion.supportedList());
    this.received = received;
  }

  /** The version string the client sent (may be null when missing). */
  public String received() {
    return received;
  }

  private static String truncate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
