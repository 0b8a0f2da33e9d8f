package io.trustee.kbs.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A filter of the audit listing; every present part must match. Newest events first, at most {@code
 * limit}. Immutable.
 *
 * @param since events at or after this time
 * @param actor the actor id exactly (fingerprint, subject, guest hash)
 * @param action the action exactly ({@code secret.set})
 * @param requestId the request id exactly
 * @param limit 1..{@value #MAX_LIMIT}
 */
public record AuditQuery(
    Optional<Instant> since,
    Optional<String> actor,
    Optional<String> action,
    Optional<String> requestId,
    int limit) {
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(requestId, "requestId");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }
}
