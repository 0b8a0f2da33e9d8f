package io.trustee.kbs.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One appraisal record without its JSON body: what the console's overview counts over an hour or a
 * day without loading every record.
 */
public record AppraisalOutline(long id, Instant createdAt, String tee, AppraisalStatus status) {
  public AppraisalOutline {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(tee, "tee");
    Objects.requireNonNull(status, "status");
  }
}
