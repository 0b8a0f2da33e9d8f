package io.trustee.kbs.audit;

import java.util.Objects;

/**
 * The chain's fixed points, kept in one database row that every append locks: the anchor (the
 * sequence number and hash of the last purged event; 0 and {@link AuditChain#GENESIS} before any
 * purge), where verification starts, and the last event, where it must end. Immutable.
 */
public record AuditHead(long anchorSeq, String anchorHash, long lastSeq, String lastHash) {
  public static final AuditHead EMPTY = new AuditHead(0, AuditChain.GENESIS, 0, AuditChain.GENESIS);

  public AuditHead {
    Objects.requireNonNull(anchorHash, "anchorHash");
    Objects.requireNonNull(lastHash, "lastHash");
    if (anchorSeq < 0 || lastSeq < anchorSeq) {
      throw new IllegalArgumentException("need 0 <= anchorSeq <= lastSeq");
    }
  }

  /** The head after {@code e} was appended. */
  public AuditHead after(AuditEvent e) {
    return new AuditHead(anchorSeq, anchorHash, e.seq(), e.hash());
  }

  /** The head after every event up to and including {@code last} was purged. */
  public AuditHead purgedThrough(AuditEvent last) {
    if (last.seq() > lastSeq) {
      throw new IllegalArgumentException("cannot purge beyond the last event");
    }
    return new AuditHead(last.seq(), last.hash(), lastSeq, lastHash);
  }
}
