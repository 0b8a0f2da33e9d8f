package io.trustee.kbs.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of walking the chain: how many events were checked from the anchor, and the first
 * broken link (its sequence number and why) if any. Immutable.
 */
public record ChainVerdict(
    boolean intact, long checked, AuditHead head, Optional<Long> brokenSeq, String reason) {
  public ChainVerdict {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(brokenSeq, "brokenSeq");
    Objects.requireNonNull(reason, "reason");
    if (intact == brokenSeq.isPresent()) {
      throw new IllegalArgumentException("a broken chain names its link, an intact one none");
    }
  }

  static ChainVerdict intact(long checked, AuditHead head) {
    return new ChainVerdict(true, checked, head, Optional.empty(), "");
  }

  static ChainVerdict broken(long checked, AuditHead head, long seq, String reason) {
    return new ChainVerdict(false, checked, head, Optional.of(seq), reason);
  }
}
