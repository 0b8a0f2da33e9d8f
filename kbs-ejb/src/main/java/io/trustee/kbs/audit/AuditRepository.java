package io.trustee.kbs.audit;

import java.time.Instant;
import java.util.List;

/**
 * Port of the audit trail's storage: append-only events and the one head row. Implementations join
 * the caller's transaction and serialise appends across replicas by locking the head row
 * (pessimistic write) for the rest of that transaction, so the chain stays linear.
 */
public interface AuditRepository {

  /** Creates the head row if there is none (its own transaction; a lost race is a conflict). */
  void createHeadIfAbsent();

  /** Whether the head row exists (no lock). */
  boolean headExists();

  /** The head, read without a lock ({@link AuditHead#EMPTY} if there is no row yet). */
  AuditHead head();

  /**
   * Locks the head row until the transaction ends, links {@code record} after the last event,
   * stores it and moves the head. The head row must exist.
   */
  AuditEvent append(AuditRecord record);

  /** Events matching {@code query}, newest first. */
  List<AuditEvent> find(AuditQuery query);

  /**
   * Up to {@code max} events with a sequence number above {@code afterSeq} and at most {@code
   * throughSeq}, ascending.
   */
  List<AuditEvent> range(long afterSeq, long throughSeq, int max);

  /** The highest stored sequence number, 0 when there is none. */
  long maxSeq();

  /**
   * Locks the head row and returns it with up to {@code max} of the oldest events after the anchor
   * whose time is before {@code before}, ascending and contiguous from the anchor (stops at the
   * first younger event).
   */
  Purgeable lockPurgeable(Instant before, int max);

  /**
   * Deletes every event up to and including {@code last} and makes it the anchor. Call in the
   * transaction of {@link #lockPurgeable}.
   */
  void purgeThrough(AuditEvent last);

  /** The locked head and the events that may be purged. */
  record Purgeable(AuditHead head, List<AuditEvent> events) {
    public Purgeable {
      events = List.copyOf(events);
    }
  }
}
