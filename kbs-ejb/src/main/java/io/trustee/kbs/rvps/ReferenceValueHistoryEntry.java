package io.trustee.kbs.rvps;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a reference value's history: the record as it was stored (or, for a removal, the
 * record that was removed), when, by what event and from which source.
 *
 * @param source the owning mounted file ({@code file:<path>}); empty for the admin API
 */
public record ReferenceValueHistoryEntry(
    ReferenceValue value, Instant recordedAt, Event event, Optional<String> source) {

  /** What happened to the name. */
  public enum Event {
    /** The value was stored (registered through the API or imported from a file). */
    STORED,
    /** The admin API deleted the value. */
    DELETED,
    /** The value's file no longer holds it, so the import removed it. */
    REVOKED
  }

  public ReferenceValueHistoryEntry {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(source, "source");
  }
}
