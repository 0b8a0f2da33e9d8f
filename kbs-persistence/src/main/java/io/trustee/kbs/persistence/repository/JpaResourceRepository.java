package io.trustee.kbs.persistence.repository;

import io.trustee.kbs.persistence.entity.ResourceEntity;
import io.trustee.kbs.resource.ResourcePath;
import io.trustee.kbs.store.ResourceInfo;
import io.trustee.kbs.store.ResourceRepository;
import io.trustee.kbs.store.StoredResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JPA implementation of {@link ResourceRepository}, with the owning LocalFs directory per row
 * (null: the admin API); joins the caller's transaction. The row key is the path's storage form
 * {@code repo/type/tag} ({@link ResourcePath#toString()}).
 */
@ApplicationScoped
public class JpaResourceRepository implements ResourceRepository {

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public void put(ResourcePath path, byte[] sealed, String keyId, Instant now) {
    ResourceEntity e = em.find(ResourceEntity.class, path.toString());
    if (e == null) {
      em.persist(new ResourceEntity(path.toString(), sealed, keyId, now));
    } else {
      e.replace(sealed, keyId, now);
    }
  }

  @Override
  public void putOwned(ResourcePath path, byte[] sealed, String keyId, Instant now, String source) {
    ResourceEntity e = em.find(ResourceEntity.class, path.toString());
    if (e == null) {
      e = new ResourceEntity(path.toString(), sealed, keyId, now);
      e.setSource(source);
      em.persist(e);
    } else {
      e.replace(sealed, keyId, now);
      e.setSource(source);
    }
  }

  @Override
  public Optional<String> sourceOf(ResourcePath path) {
    return Optional.ofNullable(em.find(ResourceEntity.class, path.toString()))
        .map(ResourceEntity::getSource);
  }

  @Override
  public Map<ResourcePath, String> owned() {
    Map<ResourcePath, String> out = new LinkedHashMap<>();
    em.createQuery(
            "SELECT r.path, r.source FROM ResourceEntity r WHERE r.source IS NOT NULL"
                + " ORDER BY r.path",
            Object[].class)
        .getResultList()
        .forEach(row -> out.put(ResourcePath.parse((String) row[0]), (String) row[1]));
    return out;
  }

  @Override
  public Optional<StoredResource> find(ResourcePath path) {
    return Optional.ofNullable(em.find(ResourceEntity.class, path.toString()))
        .map(e -> new StoredResource(path, e.getSealed(), e.getKeyId(), e.getUpdatedAt()));
  }

  @Override
  public boolean delete(ResourcePath path) {
    ResourceEntity e = em.find(ResourceEntity.class, path.toString());
    if (e == null) {
      return false;
    }
    em.remove(e);
    return true;
  }

  @Override
  public List<ResourceInfo> list() {
    return em
        .createQuery(
            "SELECT r.path, r.updatedAt FROM ResourceEntity r ORDER BY r.path", Object[].class)
        .getResultList()
        .stream()
        .map(
            row ->
                new ResourceInfo(
                    ResourcePath.parse((String) row[0]), Instant.ofEpochMilli((Long) row[1])))
        .toList();
  }
}
