package io.trustee.kbs.rvps;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * Outcome of the appraisal-side lookup of one reference value: found (and valid), expired (the
 * record exists but its expiration has passed, so policies see "absent"), or absent.
 *
 * <p>Immutable and thread-safe.
 */
public record ReferenceValueLookupResult(
    String name, Status status, Optional<ReferenceValue> record) {

  /** Lookup outcome. */
  public enum Status {
    FOUND,
    EXPIRED,
    ABSENT
  }

  public ReferenceValueLookupResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    record = record == null ? Optional.empty() : record;
    if ((status == Status.ABSENT) != record.isEmpty()) {
      throw new IllegalArgumentException("record must be present exactly when not ABSENT");
    }
  }

  /** What the policy receives: the value when FOUND, otherwise empty (Rego {@code null}). */
  public Optional<JsonNode> valueForPolicy() {
    return status == Status.FOUND ? record.map(ReferenceValue::value) : Optional.empty();
  }
}
