package io.trustee.kbs.persistence.repository;

import io.trustee.kbs.store.DatabaseProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** JPA implementation of {@link DatabaseProbe}: one count query, no writes. */
@ApplicationScoped
public class JpaDatabaseProbe implements DatabaseProbe {

  @PersistenceContext(unitName = "kbs")
  private EntityManager em;

  @Override
  public long ping() {
    return em.createQuery("SELECT COUNT(k) FROM SigningKeyEntity k", Long.class).getSingleResult();
  }
}
