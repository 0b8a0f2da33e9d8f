package io.trustee.kbs.persistence.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.persistence.entity.ReferenceValueEntity;
import io.trustee.kbs.persistence.entity.ReferenceValueHistoryEntity;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueHistoryEntry;
import io.trustee.kbs.rvps.ReferenceValueRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JPA implementation of {@link ReferenceValueRepository}: the current record per name (with the
 * mounted file that owns it, if any) plus an append-only history (every stored version and every
 * removal, so an administrator can see what changed, when and from where). Joins the caller's
 * transaction.
 */
@ApplicationScoped
public class JpaReferenceValueRepository implements ReferenceValueRepository {
  private static final ObjectMapper JSON = new ObjectMapper();

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public void store(ReferenceValue v, String source) {
    Instant now = Instant.now();
    String json = v.value().toString();
    ReferenceValueEntity e = em.find(ReferenceValueEntity.class, v.name());
    if (e == null) {
      e = new ReferenceValueEntity(v.name(), json, v.expiration(), v.version(), now);
      e.setSource(source);
      em.persist(e);
    } else {
      e.replace(json, v.expiration(), v.version(), now);
      e.setSource(source);
    }
    em.persist(
        new ReferenceValueHistoryEntity(
            v.name(), json, v.expiration(), v.version(), now, null, source));
  }

  @Override
  public Optional<ReferenceValue> findByName(String name) {
    return Optional.ofNullable(em.find(ReferenceValueEntity.class, name))
        .map(e -> toDomain(e.getName(), e.getValueJson(), e.getExpiration(), e.getRecordVersion()));
  }

  @Override
  public Map<String, ReferenceValue> findByNames(Collection<String> names) {
    Map<String, ReferenceValue> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    em.createQuery(
            "SELECT r FROM ReferenceValueEntity r WHERE r.name IN :names",
            ReferenceValueEntity.class)
        .setParameter("names", List.copyOf(new java.util.LinkedHashSet<>(names)))
        .getResultList()
        .forEach(
            e ->
                out.put(
                    e.getName(),
                    toDomain(
                        e.getName(), e.getValueJson(), e.getExpiration(), e.getRecordVersion())));
    return out;
  }

  @Override
  public Optional<String> sourceOf(String name) {
    return Optional.ofNullable(em.find(ReferenceValueEntity.class, name))
        .map(ReferenceValueEntity::getSource);
  }

  @Override
  public Map<String, String> owned() {
    Map<String, String> out = new LinkedHashMap<>();
    em.createQuery(
            "SELECT r.name, r.source FROM ReferenceValueEntity r WHERE r.source IS NOT NULL"
                + " ORDER BY r.name",
            Object[].class)
        .getResultList()
        .forEach(row -> out.put((String) row[0], (String) row[1]));
    return out;
  }

  @Override
  public List<ReferenceValue> findAll() {
    return em
        .createQuery(
            "SELECT r FROM ReferenceValueEntity r ORDER BY r.name", ReferenceValueEntity.class)
        .getResultList()
        .stream()
        .map(e -> toDomain(e.getName(), e.getValueJson(), e.getExpiration(), e.getRecordVersion()))
        .toList();
  }

  @Override
  public boolean remove(String name, ReferenceValueHistoryEntry.Event event) {
    ReferenceValueEntity e = em.find(ReferenceValueEntity.class, name);
    if (e == null) {
      return false;
    }
    em.persist(
        new ReferenceValueHistoryEntity(
            name,
            e.getValueJson(),
            e.getExpiration(),
            e.getRecordVersion(),
            Instant.now(),
            event.name(),
            e.getSource()));
    em.remove(e);
    return true;
  }

  @Override
  public List<ReferenceValueHistoryEntry> history(String name) {
    return em
        .createQuery(
            "SELECT h FROM ReferenceValueHistoryEntity h WHERE h.name = :name"
                + " ORDER BY h.recordedAt, h.id",
            ReferenceValueHistoryEntity.class)
        .setParameter("name", name)
        .getResultList()
        .stream()
        .map(
            h ->
                new ReferenceValueHistoryEntry(
                    toDomain(
                        h.getName(), h.getValueJson(), h.getExpiration(), h.getRecordVersion()),
                    h.getRecordedAt(),
                    h.getEvent() == null
                        ? ReferenceValueHistoryEntry.Event.STORED
                        : ReferenceValueHistoryEntry.Event.valueOf(h.getEvent()),
                    Optional.ofNullable(h.getSource())))
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
