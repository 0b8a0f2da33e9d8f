package io.trustee.kbs.service;

import io.trustee.kbs.throttle.CountEstimate;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * This JVM's estimates of the row counts that bounds are checked against on every request (see
 * {@link CountEstimate}): live sessions ({@code kbs.session.max-total}, checked by {@code /auth})
 * and appraisal records (the appraisal budget, checked by {@code /attest}). Exact counts run at
 * most every 10 s (sessions) or 60 s (appraisals) while more than 10% below the bound, and every 1
 * s / 5 s closer to it, instead of once per request.
 */
@ApplicationScoped
public class RowCounts {
  private final CountEstimate liveSessions =
      new CountEstimate(Duration.ofSeconds(10), Duration.ofSeconds(1));
  // A COUNT(*) of a million appraisal rows costs PostgreSQL ~0.1 s: at most every 5 s even near
  // the budget (eviction subtracts what it removed instead of recounting).
  private final CountEstimate appraisals =
      new CountEstimate(Duration.ofSeconds(60), Duration.ofSeconds(5));

  public CountEstimate liveSessions() {
    return liveSessions;
  }

  public CountEstimate appraisals() {
    return appraisals;
  }
}
