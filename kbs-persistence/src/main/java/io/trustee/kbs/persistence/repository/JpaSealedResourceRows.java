package io.trustee.kbs.persistence.repository;

import io.trustee.kbs.store.SealedResourceRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JPA implementation of {@link SealedResourceRows}; joins the caller's transaction. The swap is a
 * bulk update on {@code PATH} and {@code ROW_VERSION} (and it bumps the version), so a secret that
 * an administrator replaced after the batch read it is left alone; {@code UPDATED_AT} is kept,
 * since the secret itself did not change.
 */
@ApplicationScoped
public class JpaSealedResourceRows implements SealedResourceRows {

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public List<Row> batchAfter(String afterPath, int limit) {
    return em
        .createQuery(
            "SELECT r.path, r.sealed, r.keyId, r.rowVersion FROM ResourceEntity r"
                + " WHERE r.path > :after ORDER BY r.path",
            Object[].class)
        .setParameter("after", afterPath)
        .setMaxResults(limit)
        .setHint("jakarta.persistence.cache.retrieveMode", "BYPASS")
        .getResultList()
        .stream()
        .map(o -> new Row((String) o[0], (byte[]) o[1], (String) o[2], ((Number) o[3]).longValue()))
        .toList();
  }

  @Override
  public boolean replaceSealing(String path, long version, byte[] sealed, String keyId) {
    return em.createQuery(
                "UPDATE ResourceEntity r SET r.sealed = :s, r.keyId = :k,"
                    + " r.rowVersion = r.rowVersion + 1 WHERE r.path = :p AND r.rowVersion = :v")
            .setParameter("s", sealed)
            .setParameter("k", keyId)
            .setParameter("p", path)
            .setParameter("v", version)
            .executeUpdate()
        == 1;
  }

  @Override
  public Map<String, Long> countByKeyId() {
    Map<String, Long> out = new LinkedHashMap<>();
    em.createQuery(
            "SELECT r.keyId, COUNT(r) FROM ResourceEntity r GROUP BY r.keyId ORDER BY r.keyId",
            Object[].class)
        .getResultList()
        .forEach(o -> out.put((String) o[0], ((Number) o[1]).longValue()));
    return out;
  }
}
