package io.trustee.kbs.service;

import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.store.AppraisalRepository;
import io.trustee.kbs.store.NewAppraisal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Adds appraisal records within their global budget: before a record is added, {@link
 * AppraisalBudget} evicts the oldest ones when the (estimated) row count has reached {@code
 * kbs.appraisal.max-rows}. Joins the caller's transaction. Thread-safe.
 */
@ApplicationScoped
public class AppraisalWriter {
  private static final Logger LOG = Logger.getLogger(AppraisalWriter.class.getName());

  @Inject AppraisalRepository appraisals;
  @Inject AppraisalBudget budget;
  @Inject RowCounts counts;
  @Inject KbsSettings settings;
  @Inject Clock clock;

  /** Stores {@code appraisal} (making room first if needed); returns its id. */
  public long store(NewAppraisal appraisal) {
    long budgetRows = settings.appraisalRowBudget();
    long stored = counts.appraisals().estimate(clock.instant(), budgetRows, budget::countRows);
    if (stored >= budgetRows) {
      try {
        counts.appraisals().added(-budget.makeRoom());
      } catch (RuntimeException e) {
        counts.appraisals().invalidate();
        LOG.warning(() -> "appraisal budget: eviction failed (retried with the next record): " + e);
      }
    }
    long id = appraisals.add(appraisal);
    counts.appraisals().added(1);
    return id;
  }
}
