package io.trustee.kbs.audit;

/** How an audited request ended, from its HTTP status. */
public enum AuditOutcome {
  /** 2xx: the change was committed or the secret was released. */
  SUCCESS,
  /** 401 or 403: authentication failed, or a policy refused. */
  DENIED,
  /** Any other status: the change was refused as invalid, conflicted or failed. */
  ERROR;

  /** The outcome of an answer with HTTP status {@code status}. */
  public static AuditOutcome ofStatus(int status) {
    if (status >= 200 && status < 300) {
      return SUCCESS;
    }
    if (status == 401 || status == 403) {
      return DENIED;
    }
    return ERROR;
  }

  /** The wire name ({@code success}, {@code denied}, {@code error}). */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@link #wire()}. */
  public static AuditOutcome ofWire(String s) {
    for (AuditOutcome o : values()) {
      if (o.wire().equals(s)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown audit outcome: " + s);
  }
}
