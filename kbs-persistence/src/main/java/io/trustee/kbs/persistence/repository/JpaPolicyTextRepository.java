package io.trustee.kbs.persistence.repository;

import io.trustee.kbs.persistence.entity.PolicyEntity;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.StoredPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** JPA implementation of {@link PolicyTextRepository}; joins the caller's transaction. */
@ApplicationScoped
public class JpaPolicyTextRepository implements PolicyTextRepository {

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public void store(PolicyKind kind, String id, String text, Instant now) {
    PolicyEntity e = em.find(PolicyEntity.class, new PolicyEntity.Key(kind.name(), id));
    if (e == null) {
      em.persist(new PolicyEntity(kind.name(), id, text, now));
    } else {
      e.replace(text, now);
    }
  }

  @Override
  public Optional<StoredPolicy> find(PolicyKind kind, String id) {
    return Optional.ofNullable(em.find(PolicyEntity.class, new PolicyEntity.Key(kind.name(), id)))
        .map(e -> new StoredPolicy(kind, e.getId(), e.getText(), e.getUpdatedAt()));
  }

  @Override
  public boolean storeIfAbsent(PolicyKind kind, String id, String text, Instant now) {
    if (em.find(PolicyEntity.class, new PolicyEntity.Key(kind.name(), id)) != null) {
      return false;
    }
    em.persist(new PolicyEntity(kind.name(), id, text, now));
    return true;
  }

  @Override
  public List<String> ids(PolicyKind kind) {
    return em.createQuery(
            "SELECT p.id FROM PolicyEntity p WHERE p.kind = :kind ORDER BY p.id", String.class)
        .setParameter("kind", kind.name())
        .getResultList();
  }

  @Override
  public boolean delete(PolicyKind kind, String id) {
    PolicyEntity e = em.find(PolicyEntity.class, new PolicyEntity.Key(kind.name(), id));
    if (e == null) {
      return false;
    }
    em.remove(e);
    return true;
  }
}
