package io.trustee.kbs.store;

import java.time.Instant;
import java.util.Objects;

/** A stored policy text with its kind, id and last change. Immutable. */
public record StoredPolicy(PolicyKind kind, String id, String text, Instant updatedAt) {
  public StoredPolicy {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (!id.matches("[A-Za-z0-9_.:-]{1,128}")) {
      throw new IllegalArgumentException("policy id must be 1-128 of [A-Za-z0-9_.:-]: " + id);
    }
  }
}
