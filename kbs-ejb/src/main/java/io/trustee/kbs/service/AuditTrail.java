package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.audit.AuditChain;
import io.trustee.kbs.audit.AuditEvent;
import io.trustee.kbs.audit.AuditHead;
import io.trustee.kbs.audit.AuditJson;
import io.trustee.kbs.audit.AuditQuery;
import io.trustee.kbs.audit.AuditRecord;
import io.trustee.kbs.audit.AuditRepository;
import io.trustee.kbs.audit.ChainVerdict;
import io.trustee.kbs.service.KbsException.Refusal;
import io.trustee.kbs.util.LogSafe;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit trail's façade: appends one event per audited request (called by the web layer's audit
 * filter once the answer's status is known), lists them, re-walks the chain and pages through it
 * for export. Appends run in a transaction of their own, after the audited change's transaction
 * ended; why is explained in {@link io.trustee.kbs.audit}.
 */
@Stateless
public class AuditTrail {
  private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

  /** Events read per query while verifying or exporting. */
  static final int PAGE = 500;

  @Inject AuditRepository repository;
  @Inject StartupTransactions tx;

  /**
   * Appends {@code record} after the chain's last event. Never throws: an append that fails is
   * logged at SEVERE with the event (which holds no secret), so the log keeps what the database
   * could not, and the audited request's answer stands.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void record(AuditRecord record) {
    try {
      if (!repository.headExists()) {
        StartupTransactions.retryingConflicts(
            3,
            () -> {
              tx.call(
                  () -> {
                    repository.createHeadIfAbsent();
                    return null;
                  });
              return null;
            },
            () -> {});
      }
      AuditEvent e = tx.call(() -> repository.append(record));
      LOG.fine(() -> "audit: " + AuditJson.of(e));
    } catch (RuntimeException e) {
      LOG.log(
          Level.SEVERE,
          "audit event NOT stored (kept here instead): "
              + LogSafe.escape(AuditJson.of(record).toString(), 4096),
          e);
    }
  }

  /** Events matching the filter, newest first. */
  public ArrayNode list(
      Optional<String> since,
      Optional<String> actor,
      Optional<String> action,
      Optional<String> requestId,
      int limit) {
    Optional<Instant> from;
    try {
      from = since.filter(s -> !s.isBlank()).map(Instant::parse);
    } catch (RuntimeException e) {
      throw new KbsException(
          KbsError.SerdeError,
          Refusal.INVALID_INPUT,
          "since must be an ISO-8601 instant such as 2026-11-29T18:00:00Z");
    }
    if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
      throw new KbsException(
          KbsError.SerdeError,
          Refusal.INVALID_INPUT,
          "limit must be between 1 and " + AuditQuery.MAX_LIMIT);
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    repository
        .find(
            new AuditQuery(
                from,
                actor.filter(s -> !s.isBlank()),
                action.filter(s -> !s.isBlank()),
                requestId.filter(s -> !s.isBlank()),
                limit))
        .forEach(e -> out.add(AuditJson.of(e)));
    return out;
  }

  /** Re-walks the chain from the anchor to the head, page by page, in one transaction. */
  public ObjectNode verify() {
    ChainVerdict first = walk();
    ChainVerdict v =
        !first.intact() && repository.head().anchorSeq() != first.head().anchorSeq()
            ? walk() // a purge moved the anchor while we walked
            : first;
    if (!v.intact()) {
      LOG.warning(
          () -> "audit chain broken at event " + v.brokenSeq().orElseThrow() + ": " + v.reason());
    }
    return AuditJson.of(v);
  }

  /**
   * The walk up to the head read at the start (events appended meanwhile are not the walk's
   * business), then a check that nothing lies beyond the head as it is now.
   */
  private ChainVerdict walk() {
    AuditHead h = repository.head();
    ChainVerdict v = AuditChain.verify(h, () -> pages(h.anchorSeq(), h.lastSeq()));
    if (!v.intact()) {
      return v;
    }
    AuditHead now = repository.head();
    long max = repository.maxSeq();
    if (max > now.lastSeq()) {
      return new ChainVerdict(
          false,
          v.checked(),
          h,
          Optional.of(now.lastSeq() + 1),
          "event beyond the head (added outside the KBS)");
    }
    return v;
  }

  /** Up to {@code max} events after {@code seq}, ascending (one page of an export). */
  public List<AuditEvent> page(long seq, int max) {
    return repository.range(seq, Long.MAX_VALUE, Math.max(1, Math.min(max, PAGE)));
  }

  /** The anchor and head. */
  public ObjectNode head() {
    return AuditJson.of(repository.head());
  }

  private Iterator<AuditEvent> pages(long anchor, long through) {
    return new Iterator<>() {
      private List<AuditEvent> page = List.of();
      private int i;
      private long last = anchor;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (i < page.size()) {
          return true;
        }
        if (done) {
          return false;
        }
        page = repository.range(last, through, PAGE);
        i = 0;
        done = page.size() < PAGE;
        if (!page.isEmpty()) {
          last = page.get(page.size() - 1).seq();
        }
        return !page.isEmpty();
      }

      @Override
      public AuditEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.get(i++);
      }
    };
  }
}
