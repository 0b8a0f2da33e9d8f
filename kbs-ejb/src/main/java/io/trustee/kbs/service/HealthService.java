package io.trustee.kbs.service;

import io.trustee.kbs.store.DatabaseProbe;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/** Read-only probes for the MicroProfile Health checks. */
@Stateless
public class HealthService {

  @Inject DatabaseProbe database;

  /** Throws when the database does not answer (a read of a small table). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public void databaseAnswers() {
    database.ping();
  }
}
