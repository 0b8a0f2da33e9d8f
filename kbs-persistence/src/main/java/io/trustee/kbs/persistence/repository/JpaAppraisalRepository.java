package io.trustee.kbs.persistence.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.persistence.entity.AppraisalEntity;
import io.trustee.kbs.protocol.SessionId;
import io.trustee.kbs.store.AppraisalOutline;
import io.trustee.kbs.store.AppraisalRepository;
import io.trustee.kbs.store.AppraisalStatus;
import io.trustee.kbs.store.NewAppraisal;
import io.trustee.kbs.store.StoredAppraisal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** JPA implementation of {@link AppraisalRepository}; joins the caller's transaction. */
@ApplicationScoped
public class JpaAppraisalRepository implements AppraisalRepository {
  private static final ObjectMapper JSON = new ObjectMapper();

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public long add(NewAppraisal a) {
    AppraisalEntity e =
        new AppraisalEntity(
            a.session().map(SessionId::value).orElse(StoredAppraisal.AS_API_SESSION),
            a.tokenHash(),
            a.createdAt(),
            a.tee(),
            a.status().wire(),
            a.record().toString());
    em.persist(e);
    em.flush();
    return e.getId();
  }

  @Override
  public Optional<StoredAppraisal> find(long id) {
    return Optional.ofNullable(em.find(AppraisalEntity.class, id))
        .map(JpaAppraisalRepository::toDomain);
  }

  @Override
  public Optional<StoredAppraisal> findBySession(String sessionId) {
    return first(
        "SELECT a FROM AppraisalEntity a WHERE a.sessionId = :v ORDER BY a.id DESC", sessionId);
  }

  @Override
  public Optional<StoredAppraisal> findByTokenHash(String tokenHash) {
    return first(
        "SELECT a FROM AppraisalEntity a WHERE a.tokenHash = :v ORDER BY a.id DESC", tokenHash);
  }

  private Optional<StoredAppraisal> first(String jpql, String value) {
    return em
        .createQuery(jpql, AppraisalEntity.class)
        .setParameter("v", value)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst()
        .map(JpaAppraisalRepository::toDomain);
  }

  @Override
  public List<StoredAppraisal> recent(Instant since, int limit) {
    return em
        .createQuery(
            "SELECT a FROM AppraisalEntity a WHERE a.createdAt >= :since ORDER BY a.id DESC",
            AppraisalEntity.class)
        .setParameter("since", since.toEpochMilli())
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(JpaAppraisalRepository::toDomain)
        .toList();
  }

  @Override
  public List<AppraisalOutline> outlines(Instant since, int limit) {
    return em
        .createQuery(
            "SELECT a.id, a.createdAt, a.tee, a.status FROM AppraisalEntity a"
                + " WHERE a.createdAt >= :since ORDER BY a.id DESC",
            Object[].class)
        .setParameter("since", since.toEpochMilli())
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(
            r ->
                new AppraisalOutline(
                    ((Number) r[0]).longValue(),
                    Instant.ofEpochMilli(((Number) r[1]).longValue()),
                    (String) r[2],
                    AppraisalStatus.fromWire((String) r[3])))
        .toList();
  }

  @Override
  public List<StoredAppraisal> recentNotAffirming(Instant since, int limit) {
    return em
        .createQuery(
            "SELECT a FROM AppraisalEntity a WHERE a.createdAt >= :since AND a.status <> :ok"
                + " ORDER BY a.id DESC",
            AppraisalEntity.class)
        .setParameter("since", since.toEpochMilli())
        .setParameter("ok", AppraisalStatus.AFFIRMING.wire())
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(JpaAppraisalRepository::toDomain)
        .toList();
  }

  @Override
  public long count() {
    return em.createQuery("SELECT COUNT(a) FROM AppraisalEntity a", Long.class).getSingleResult();
  }

  @Override
  public int evictOldest(long keep, int maxBatch) {
    long excess = count() - Math.max(0, keep);
    if (excess <= 0) {
      return 0;
    }
    List<Long> ids =
        em.createQuery(
                // createdAt alone: the KBS_APPRAISAL_CREATED index gives the oldest rows without
                // sorting the table (a second sort key would make Derby sort all of it).
                "SELECT a.id FROM AppraisalEntity a ORDER BY a.createdAt ASC", Long.class)
            .setMaxResults((int) Math.min(excess, Math.max(1, maxBatch)))
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("DELETE FROM AppraisalEntity a WHERE a.id IN :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }

  @Override
  public int purgeOlderThan(Instant before, int maxRows) {
    List<Long> ids =
        em.createQuery(
                "SELECT a.id FROM AppraisalEntity a WHERE a.createdAt < :before"
                    + " ORDER BY a.createdAt",
                Long.class)
            .setParameter("before", before.toEpochMilli())
            .setMaxResults(maxRows)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("DELETE FROM AppraisalEntity a WHERE a.id IN :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }

  private static StoredAppraisal toDomain(AppraisalEntity e) {
    try {
      return new StoredAppraisal(
          e.getId(),
          e.getSessionId(),
          e.getTokenHash(),
          e.getCreatedAt(),
          e.getTee(),
          AppraisalStatus.fromWire(e.getStatus()),
          (ObjectNode) JSON.readTree(e.getRecordJson()));
    } catch (IOException ex) {
      throw new UncheckedIOException("stored appraisal " + e.getId() + " is not JSON", ex);
    }
  }
}
