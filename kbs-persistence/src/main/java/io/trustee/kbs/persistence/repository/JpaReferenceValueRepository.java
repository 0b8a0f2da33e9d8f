package io.trustee.kbs.persistence.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.persistence.entity.ReferenceValueEntity;
import io.trustee.kbs.persistence.entity.ReferenceValueHistoryEntity;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * JPA implementation of {@link ReferenceValueRepository}: the current record per name plus an
 * append-only history (every stored version, so an administrator can see what changed and when).
 * Joins the caller's transaction.
 */
@ApplicationScoped
public class JpaReferenceValueRepository implements ReferenceValueRepository {
  private static final ObjectMapper JSON = new ObjectMapper();

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public void store(ReferenceValue v) {
    Instant now = Instant.now();
    String json = v.value().toString();
    ReferenceValueEntity e = em.find(ReferenceValueEntity.class, v.name());
    if (e == null) {
      em.persist(new ReferenceValueEntity(v.name(), json, v.expiration(), v.version(), now));
    } else {
      e.replace(json, v.expiration(), v.version(), now);
    }
    em.persist(new ReferenceValueHistoryEntity(v.name(), json, v.expiration(), v.version(), now));
  }

  @Override
  public Optional<ReferenceValue> findByName(String name) {
    return Optional.ofNullable(em.find(ReferenceValueEntity.class, name))
        .map(e -> toDomain(e.getName(), e.getValueJson(), e.getExpiration(), e.getRecordVersion()));
  }

  @Override
  public List<ReferenceValue> findAll() {
    return em.createQuery("SELECT r FROM ReferenceValueEntity r ORDER BY r.name",
            ReferenceValueEntity.class)
        .getResultList()
        .stream()
        .map(e -> toDomain(e.getName(), e.getValueJson(), e.getExpiration(), e.getRecordVersion()))
        .toList();
  }

  @Override
  public boolean delete(String name) {
    ReferenceValueEntity e = em.find(ReferenceValueEntity.class, name);
    if (e == null) {
      return false;
    }
    em.remove(e);
    return true;
  }

  @Override
  public List<ReferenceValue> history(String name) {
    return em.createQuery(
            "SELECT h FROM ReferenceValueHistoryEntity h WHERE h.name = :name ORDER BY h.id",
            ReferenceValueHistoryEntity.class)
        .setParameter("name", name)
        .getResultList()
        .stream()
        .map(h -> toDomain(h.getName(), h.getValueJson(), h.getExpiration(), h.getRecordVersion()))
        .toList();
  }

  private static ReferenceValue toDomain(
      String name, String json, Instant expiration, String version) {
    try {
      JsonNode value = JSON.readTree(json);
      return new ReferenceValue(name, value, expiration, version);
    } catch (IOException e) {
      throw new UncheckedIOException("stored reference value " + name + " is not JSON", e);
    }
  }
}
