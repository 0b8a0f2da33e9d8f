package io.trustee.kbs.persistence.repository;

import io.trustee.kbs.audit.AuditActor;
import io.trustee.kbs.audit.AuditChain;
import io.trustee.kbs.audit.AuditEvent;
import io.trustee.kbs.audit.AuditHead;
import io.trustee.kbs.audit.AuditOutcome;
import io.trustee.kbs.audit.AuditQuery;
import io.trustee.kbs.audit.AuditRecord;
import io.trustee.kbs.audit.AuditRepository;
import io.trustee.kbs.persistence.entity.AuditEventEntity;
import io.trustee.kbs.persistence.entity.AuditHeadEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JPA implementation of {@link AuditRepository}; joins the caller's transaction. Appends and purge
 * batches lock the head row with {@link LockModeType#PESSIMISTIC_WRITE} ({@code SELECT ... FOR
 * UPDATE} on PostgreSQL and H2, {@code FOR UPDATE WITH RS} on Derby) before they read the last
 * hash, so concurrent appends on any replica take turns and the chain stays linear. Events are only
 * ever inserted and, by the purge, deleted from the oldest end.
 */
@ApplicationScoped
public class JpaAuditRepository implements AuditRepository {

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public void createHeadIfAbsent() {
    if (em.find(AuditHeadEntity.class, AuditHeadEntity.ID) == null) {
      AuditHead h = AuditHead.EMPTY;
      em.persist(new AuditHeadEntity(h.anchorSeq(), h.anchorHash(), h.lastSeq(), h.lastHash()));
      em.flush();
    }
  }

  @Override
  public boolean headExists() {
    return em.find(AuditHeadEntity.class, AuditHeadEntity.ID) != null;
  }

  @Override
  public AuditHead head() {
    return Optional.ofNullable(em.find(AuditHeadEntity.class, AuditHeadEntity.ID))
        .map(JpaAuditRepository::toDomain)
        .orElse(AuditHead.EMPTY);
  }

  private AuditHeadEntity locked() {
    AuditHeadEntity h =
        em.find(AuditHeadEntity.class, AuditHeadEntity.ID, LockModeType.PESSIMISTIC_WRITE);
    if (h == null) {
      throw new IllegalStateException("the audit head row is missing");
    }
    return h;
  }

  @Override
  public AuditEvent append(AuditRecord record) {
    AuditHeadEntity h = locked();
    AuditEvent e = AuditChain.next(toDomain(h), record);
    em.persist(toEntity(e));
    h.lastEvent(e.seq(), e.hash());
    return e;
  }

  @Override
  public List<AuditEvent> find(AuditQuery q) {
    StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEventEntity e WHERE 1 = 1");
    q.since().ifPresent(s -> jpql.append(" AND e.time >= :since"));
    q.actor().ifPresent(s -> jpql.append(" AND e.actorId = :actor"));
    q.action().ifPresent(s -> jpql.append(" AND e.action = :action"));
    q.requestId().ifPresent(s -> jpql.append(" AND e.requestId = :requestId"));
    jpql.append(" ORDER BY e.seq DESC");
    TypedQuery<AuditEventEntity> query = em.createQuery(jpql.toString(), AuditEventEntity.class);
    q.since().ifPresent(s -> query.setParameter("since", s.toEpochMilli()));
    q.actor().ifPresent(s -> query.setParameter("actor", s));
    q.action().ifPresent(s -> query.setParameter("action", s));
    q.requestId().ifPresent(s -> query.setParameter("requestId", s));
    return toDomain(query.setMaxResults(q.limit()).getResultList());
  }

  @Override
  public List<AuditEvent> range(long afterSeq, long throughSeq, int max) {
    return toDomain(
        em.createQuery(
                "SELECT e FROM AuditEventEntity e WHERE e.seq > :after AND e.seq <= :through"
                    + " ORDER BY e.seq",
                AuditEventEntity.class)
            .setParameter("after", afterSeq)
            .setParameter("through", throughSeq)
            .setMaxResults(max)
            .getResultList());
  }

  @Override
  public long maxSeq() {
    Long max =
        em.createQuery("SELECT MAX(e.seq) FROM AuditEventEntity e", Long.class).getSingleResult();
    return max == null ? 0 : max;
  }

  @Override
  public Purgeable lockPurgeable(Instant before, int max) {
    AuditHead head = toDomain(locked());
    List<AuditEvent> oldest = range(head.anchorSeq(), head.lastSeq(), max);
    List<AuditEvent> purgeable = new ArrayList<>();
    for (AuditEvent e : oldest) {
      if (!e.record().time().isBefore(before)) {
        break;
      }
      purgeable.add(e);
    }
    return new Purgeable(head, purgeable);
  }

  @Override
  public void purgeThrough(AuditEvent last) {
    AuditHeadEntity h = locked();
    em.createQuery("DELETE FROM AuditEventEntity e WHERE e.seq <= :last")
        .setParameter("last", last.seq())
        .executeUpdate();
    h.anchor(last.seq(), last.hash());
  }

  private static AuditHead toDomain(AuditHeadEntity h) {
    return new AuditHead(h.getAnchorSeq(), h.getAnchorHash(), h.getLastSeq(), h.getLastHash());
  }

  private static List<AuditEvent> toDomain(List<AuditEventEntity> rows) {
    return rows.stream().map(JpaAuditRepository::toDomain).toList();
  }

  /**
   * A row whose fields no longer make a valid record (edited in the database to an unknown action
   * or outcome, say) becomes a placeholder event that keeps the stored hashes: its hash cannot
   * match, so verification names this row instead of failing as a whole.
   */
  private static AuditEvent toDomain(AuditEventEntity e) {
    try {
      return readable(e);
    } catch (RuntimeException unreadable) {
      return new AuditEvent(
          e.getSeq(),
          new AuditRecord(
              Instant.EPOCH,
              AuditActor.unauthenticated(),
              "audit.unreadable",
              "row " + e.getSeq() + " no longer holds a valid event",
              AuditOutcome.ERROR,
              500,
              "unreadable"),
          String.valueOf(e.getPrevHash()),
          String.valueOf(e.getHash()));
    }
  }

  private static AuditEvent readable(AuditEventEntity e) {
    return new AuditEvent(
        e.getSeq(),
        new AuditRecord(
            Instant.ofEpochMilli(e.getTime()),
            new AuditActor(
                e.getActorKind(),
                e.getActorId(),
                Optional.ofNullable(e.getActorIssuer()),
                Optional.ofNullable(e.getActorTee())),
            e.getAction(),
            e.getTarget(),
            AuditOutcome.ofWire(e.getOutcome()),
            e.getStatus(),
            e.getRequestId()),
        e.getPrevHash(),
        e.getHash());
  }

  private static AuditEventEntity toEntity(AuditEvent e) {
    AuditRecord r = e.record();
    return new AuditEventEntity(
        e.seq(),
        r.time().toEpochMilli(),
        r.actor().kind(),
        r.actor().id(),
        r.actor().issuer().orElse(null),
        r.actor().tee().orElse(null),
        r.action(),
        r.target(),
        r.outcome().wire(),
        r.status(),
        r.requestId(),
        e.prevHash(),
        e.hash());
  }
}
