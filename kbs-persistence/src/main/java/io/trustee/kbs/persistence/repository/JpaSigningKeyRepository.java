package io.trustee.kbs.persistence.repository;

import io.trustee.kbs.persistence.entity.SigningKeyEntity;
import io.trustee.kbs.store.SigningKeyRepository;
import io.trustee.kbs.store.StoredSigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * JPA implementation of {@link SigningKeyRepository}; joins the caller's transaction. Reads go to
 * the database (cache bypassed and refreshed), because another replica may have rotated the key;
 * writes are bulk updates guarded by their {@code WHERE} clause, so two replicas never undo each
 * other's change.
 */
@ApplicationScoped
public class JpaSigningKeyRepository implements SigningKeyRepository {

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public List<StoredSigningKey> all() {
    return em
        .createQuery(
            "SELECT k FROM SigningKeyEntity k ORDER BY k.activatedAt", SigningKeyEntity.class)
        .setHint("jakarta.persistence.cache.retrieveMode", "BYPASS")
        .setHint("jakarta.persistence.cache.storeMode", "REFRESH")
        .setHint("eclipselink.refresh", "true")
        .getResultList()
        .stream()
        .map(JpaSigningKeyRepository::toDomain)
        .toList();
  }

  private static StoredSigningKey toDomain(SigningKeyEntity e) {
    return new StoredSigningKey(
        e.getKid(),
        e.getAlg(),
        e.getPublicJwk(),
        e.getSealedPrivate(),
        e.getKekId(),
        e.getSource(),
        Instant.ofEpochMilli(e.getCreatedAt()),
        Instant.ofEpochMilli(e.getActivatedAt()),
        Optional.ofNullable(e.getRetiredAt()).map(Instant::ofEpochMilli));
  }

  @Override
  public void insert(StoredSigningKey k) {
    em.persist(
        new SigningKeyEntity(
            k.kid(),
            k.alg(),
            k.publicJwk(),
            k.sealedPrivate(),
            k.kekId(),
            k.source(),
            k.createdAt().toEpochMilli(),
            k.activatedAt().toEpochMilli(),
            k.retiredAt().map(Instant::toEpochMilli).orElse(null)));
    em.flush();
  }

  @Override
  public int retireAllExcept(String exceptKid, Instant now) {
    return em.createQuery(
            "UPDATE SigningKeyEntity k SET k.retiredAt = :now, k.rowVersion = k.rowVersion + 1"
                + " WHERE k.retiredAt IS NULL AND k.kid <> :kid")
        .setParameter("now", now.toEpochMilli())
        .setParameter("kid", exceptKid)
        .executeUpdate();
  }

  @Override
  public boolean replaceSealing(String kid, String oldKekId, byte[] sealed, String newKekId) {
    return em.createQuery(
                "UPDATE SigningKeyEntity k SET k.sealedPrivate = :s, k.kekId = :n,"
                    + " k.rowVersion = k.rowVersion + 1 WHERE k.kid = :kid AND k.kekId = :o")
            .setParameter("s", sealed)
            .setParameter("n", newKekId)
            .setParameter("kid", kid)
            .setParameter("o", oldKekId)
            .executeUpdate()
        == 1;
  }
}
