package io.trustee.kbs.store;

/**
 * Additive schema upkeep that EclipseLink's {@code create-or-extend-tables} cannot do by itself:
 * filling columns that were added to existing tables. Idempotent and safe when several replicas run
 * it at once (each statement only touches rows still in the old state). Callers run in a
 * transaction.
 */
public interface SchemaUpkeep {

  /**
   * Gives every row without an optimistic-lock version (rows written before the column existed) its
   * first version; returns the number of rows changed.
   */
  int initialiseRowVersions();
}
