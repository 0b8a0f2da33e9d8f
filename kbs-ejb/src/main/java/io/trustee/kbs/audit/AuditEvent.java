package io.trustee.kbs.audit;

import java.util.Objects;

/**
 * One link of the audit chain: the record, its sequence number (1, 2, …, no gaps), the hash of the
 * previous event ({@link AuditChain#GENESIS} for the first) and its own hash over both ({@link
 * AuditChain#hash}). Immutable.
 */
public record AuditEvent(long seq, AuditRecord record, String prevHash, String hash) {
  public AuditEvent {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
    if (seq < 1) {
      throw new IllegalArgumentException("sequence numbers start at 1");
    }
  }
}
