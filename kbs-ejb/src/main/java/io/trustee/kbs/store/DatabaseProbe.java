package io.trustee.kbs.store;

/** A cheap read that proves the database answers (for the readiness check). */
public interface DatabaseProbe {

  /**
   * Runs a trivial query on a table that stays small (the signing keys), so the probe costs the
   * same with a million sessions or appraisals; throws if the database cannot be reached.
   */
  long ping();
}
