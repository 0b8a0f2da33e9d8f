package io.trustee.kbs.persistence.repository;

import io.trustee.kbs.store.SchemaUpkeep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * JPA implementation of {@link SchemaUpkeep}: {@code KBS_POLICY.ROW_VERSION} was added after the
 * first release, so rows of older databases have it null, and EclipseLink refuses to update or
 * delete a versioned row without a version. Joins the caller's transaction.
 */
@ApplicationScoped
public class JpaSchemaUpkeep implements SchemaUpkeep {

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public int initialiseRowVersions() {
    // Plain SQL: the same statement on Derby, H2 and PostgreSQL, and no JPQL rule about bulk
    // updates of a version attribute to reason about.
    return em.createNativeQuery("UPDATE KBS_POLICY SET ROW_VERSION = 1 WHERE ROW_VERSION IS NULL")
        .executeUpdate();
  }
}
