package io.trustee.kbs.persistence.repository;

import io.trustee.kbs.persistence.entity.PolicyEntity;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.StoredPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * JPA implementation of {@link PolicyTextRepository}; joins the caller's transaction.
 *
 * <p>Policies are read on every attestation and resource request, so that a change takes effect at
 * once on every replica; their text is a LOB, slow to read (Derby streams it). {@link #find} reads
 * only the row's stamp (optimistic-lock version and update time) and takes the text from this JVM's
 * copy when the stamp is the one it was read with; any write through any replica changes the stamp.
 * The copy holds at most {@link #CACHED} policies.
 */
@ApplicationScoped
public class JpaPolicyTextRepository implements PolicyTextRepository {
  static final int CACHED = 256;

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  private record Stamp(Long rowVersion, long updatedAt) {}

  private record Cached(Stamp stamp, StoredPolicy policy) {}

  private final Map<String, Cached> texts = // guarded by itself
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
          return size() > CACHED;
        }
      };

  @Override
  public void store(PolicyKind kind, String id, String text, Instant now) {
    write(kind, id, text, now, null);
  }

  @Override
  public void storeOwned(PolicyKind kind, String id, String text, Instant now, String source) {
    write(kind, id, text, now, Objects.requireNonNull(source, "source"));
  }

  private void write(PolicyKind kind, String id, String text, Instant now, String source) {
    PolicyEntity e = em.find(PolicyEntity.class, new PolicyEntity.Key(kind.name(), id));
    if (e == null) {
      e = new PolicyEntity(kind.name(), id, text, now);
      e.setSource(source);
      em.persist(e);
    } else {
      e.replace(text, now);
      e.setSource(source);
    }
  }

  @Override
  public Map<String, String> owned(PolicyKind kind) {
    Map<String, String> out = new LinkedHashMap<>();
    em.createQuery(
            "SELECT p.id, p.source FROM PolicyEntity p"
                + " WHERE p.kind = :kind AND p.source IS NOT NULL ORDER BY p.id",
            Object[].class)
        .setParameter("kind", kind.name())
        .getResultList()
        .forEach(r -> out.put((String) r[0], (String) r[1]));
    return out;
  }

  @Override
  public Optional<StoredPolicy> find(PolicyKind kind, String id) {
    List<Object[]> rows =
        em.createQuery(
                "SELECT p.rowVersion, p.updatedAt FROM PolicyEntity p"
                    + " WHERE p.kind = :kind AND p.id = :id",
                Object[].class)
            .setParameter("kind", kind.name())
            .setParameter("id", id)
            .getResultList();
    String key = kind.name() + "\n" + id;
    if (rows.isEmpty()) {
      synchronized (texts) {
        texts.remove(key);
      }
      return Optional.empty();
    }
    Stamp stamp = new Stamp((Long) rows.get(0)[0], ((Number) rows.get(0)[1]).longValue());
    Cached cached;
    synchronized (texts) {
      cached = texts.get(key);
    }
    if (cached != null && cached.stamp().equals(stamp)) {
      return Optional.of(cached.policy());
    }
    PolicyEntity e = em.find(PolicyEntity.class, new PolicyEntity.Key(kind.name(), id));
    if (e == null) {
      return Optional.empty();
    }
    StoredPolicy policy = new StoredPolicy(kind, e.getId(), e.getText(), e.getUpdatedAt());
    Stamp read = new Stamp(e.getRowVersion(), e.getUpdatedAt().toEpochMilli());
    if (Objects.equals(read, stamp)) {
      synchronized (texts) {
        texts.put(key, new Cached(stamp, policy));
      }
    }
    return Optional.of(policy);
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
