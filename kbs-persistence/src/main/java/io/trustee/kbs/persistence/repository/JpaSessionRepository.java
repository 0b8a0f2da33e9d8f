package io.trustee.kbs.persistence.repository;

import io.trustee.kbs.persistence.entity.SessionEntity;
import io.trustee.kbs.protocol.Nonce;
import io.trustee.kbs.protocol.ProtocolException;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.SessionId;
import io.trustee.kbs.protocol.TeeName;
import io.trustee.kbs.session.KbsSession;
import io.trustee.kbs.session.SessionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * JPA implementation of {@link SessionRepository}; joins the caller's transaction. The row keeps
 * the wire strings (id, TEE name, protocol version, nonce); the value types are made here.
 */
@ApplicationScoped
public class JpaSessionRepository implements SessionRepository {

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public void create(KbsSession s) {
    em.persist(
        new SessionEntity(
            s.id().value(),
            s.tee().value(),
            s.protocolVersion().wire(),
            s.nonce().value(),
            s.state().name(),
            s.createdAt(),
            s.expiresAt()));
  }

  @Override
  public Optional<KbsSession> find(SessionId id) {
    return Optional.ofNullable(em.find(SessionEntity.class, id.value()))
        .map(JpaSessionRepository::toDomain);
  }

  @Override
  public void markAttested(SessionId id, String token) {
    SessionEntity e = em.find(SessionEntity.class, id.value());
    if (e == null) {
      throw new IllegalStateException("session vanished before it could be marked attested");
    }
    e.attest(token);
  }

  @Override
  public void delete(SessionId id) {
    SessionEntity e = em.find(SessionEntity.class, id.value());
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
  public int purgeExpired(Instant now, int maxRows) {
    List<String> ids =
        em.createQuery(
                "SELECT s.id FROM SessionEntity s WHERE s.expiresAt <= :now ORDER BY s.expiresAt",
                String.class)
            .setParameter("now", now.toEpochMilli())
            .setMaxResults(maxRows)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createNamedQuery(SessionEntity.PURGE_EXPIRED)
        .setParameter("ids", ids)
        .executeUpdate();
  }

  private static KbsSession toDomain(SessionEntity e) {
    return new KbsSession(
        new SessionId(e.getId()),
        new TeeName(e.getTee()),
        protocolVersion(e.getProtocolVersion()),
        new Nonce(e.getNonce()),
        KbsSession.State.valueOf(e.getState()),
        e.getToken(),
        e.getCreatedAt(),
        e.getExpiresAt());
  }

  /** Rows hold versions this server accepted at {@code /auth}; anything else is a damaged row. */
  private static ProtocolVersion protocolVersion(String stored) {
    try {
      return ProtocolVersion.parse(stored);
    } catch (ProtocolException e) {
      throw new IllegalStateException("stored session has an unsupported protocol version", e);
    }
  }
}
