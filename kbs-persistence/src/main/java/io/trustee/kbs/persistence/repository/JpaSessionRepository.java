package io.trustee.kbs.persistence.repository;

import io.trustee.kbs.persistence.entity.SessionEntity;
import io.trustee.kbs.session.KbsSession;
import io.trustee.kbs.session.SessionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Optional;

/** JPA implementation of {@link SessionRepository}; joins the caller's transaction. */
@ApplicationScoped
public class JpaSessionRepository implements SessionRepository {

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public void create(KbsSession s) {
    em.persist(
        new SessionEntity(
            s.id(), s.tee(), s.protocolVersion(), s.nonce(), s.state().name(), s.createdAt(),
            s.expiresAt()));
  }

  @Override
  public Optional<KbsSession> find(String id) {
    return Optional.ofNullable(em.find(SessionEntity.class, id)).map(JpaSessionRepository::toDomain);
  }

  @Override
  public void markAttested(String id, String token) {
    SessionEntity e = em.find(SessionEntity.class, id);
    if (e == null) {
      throw new IllegalStateException("session vanished before it could be marked attested");
    }
    e.attest(token);
  }

  @Override
  public void delete(String id) {
    SessionEntity e = em.find(SessionEntity.class, id);
    if (e != null) {
      em.remove(e);
    }
  }

  @Override
  public long countLive(Instant now) {
    return em.createQuery(
            "SELECT COUNT(s) FROM SessionEntity s WHERE s.expiresAt > :now", Long.class)
        .setParameter("now", now.toEpochMilli())
        .getSingleResult();
  }

  @Override
  public int purgeExpired(Instant now) {
    return em.createNamedQuery(SessionEntity.PURGE_EXPIRED).setParameter("now", now.toEpochMilli()).executeUpdate();
  }

  private static KbsSession toDomain(SessionEntity e) {
    return new KbsSession(
        e.getId(),
        e.getTee(),
        e.getProtocolVersion(),
        e.getNonce(),
        KbsSession.State.valueOf(e.getState()),
        e.getToken(),
        e.getCreatedAt(),
        e.getExpiresAt());
  }
}
