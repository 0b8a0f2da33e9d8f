package io.trustee.kbs.service;

import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.store.AppraisalRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Keeps the appraisal records within their global budget ({@code kbs.appraisal.max-rows} and {@code
 * kbs.appraisal.max-total-bytes}, see {@link KbsSettings#appraisalRowBudget()}): before a record is
 * added, the oldest records are evicted so that the new one fits. Unauthenticated callers cause
 * records, so without this a loop fills the database.
 *
 * <p>Runs in its own transaction, before the caller's transaction has written to the appraisal
 * table, so it never waits for a lock its caller holds, and its failure (e.g. a lock conflict with
 * another replica evicting the same rows) does not fail the attestation: the next record evicts
 * again. Concurrent attestations may overshoot the budget by the records in flight, never more.
 */
@Stateless
public class AppraisalBudget {
  private static final Logger LOG = Logger.getLogger(AppraisalBudget.class.getName());

  /**
   * Rows deleted per call at most, to keep transactions short (and Derby below lock escalation).
   */
  static final int BATCH = 500;

  @Inject AppraisalRepository appraisals;
  @Inject KbsSettings settings;

  /**
   * Evicts the oldest records so that one more fits, and a little more ({@link #slack}) so that the
   * next records are added without an eviction each; returns how many were evicted.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int makeRoom() {
    long budget = settings.appraisalRowBudget();
    long keep = Math.max(0, budget - slack(budget));
    int n = appraisals.evictOldest(keep, BATCH);
    if (n > 0) {
      LOG.fine(() -> "appraisal budget: evicted " + n + " oldest records (keeping " + keep + ")");
    }
    return n;
  }

  /**
   * The exact number of records, in its own transaction like {@link #makeRoom}: a count in the
   * caller's transaction would keep Derby locks on the table that the eviction's own transaction
   * then waits for (the caller is suspended meanwhile, so nothing would ever release them).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long countRows() {
    return appraisals.count();
  }

  /** Room made beyond the one record: 1% of the budget, at least 1, at most {@link #BATCH}. */
  static long slack(long budget) {
    return Math.max(1, Math.min(BATCH, budget / 100));
  }
}
