package io.trustee.kbs.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What happened, before it takes its place in the chain: time (milliseconds), actor, action (a
 * stable dotted name such as {@code secret.set}, see {@link AuditActions}), target (a resource
 * path, a policy id; never a value), outcome with the HTTP status, and the request id. Immutable.
 */
public record AuditRecord(
    Instant time,
    AuditActor actor,
    String action,
    String target,
    AuditOutcome outcome,
    int status,
    String requestId) {

  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

  /** Longest target kept (a resource path, a list of reference-value names). */
  public static final int MAX_TARGET_CHARS = 512;

  public AuditRecord {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(requestId, "requestId");
    if (!ACTION.matcher(action).matches() || action.length() > 64) {
      throw new IllegalArgumentException("action must be a dotted lower-case name: " + action);
    }
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    if (!RequestIds.isSane(requestId)) {
      throw new IllegalArgumentException("request id out of bounds");
    }
    time = Instant.ofEpochMilli(time.toEpochMilli());
    target = target.length() <= MAX_TARGET_CHARS ? target : target.substring(0, MAX_TARGET_CHARS);
  }
}
