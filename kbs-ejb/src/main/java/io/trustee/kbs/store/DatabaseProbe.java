package io.trustee.kbs.store;

/** A cheap read that proves the database answers (for the readiness check). */
public interface DatabaseProbe {

  /** Runs a trivial query; throws if the database cannot be reached. */
  long countSessions();
}
