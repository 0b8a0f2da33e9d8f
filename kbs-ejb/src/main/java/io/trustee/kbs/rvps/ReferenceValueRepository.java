package io.trustee.kbs.rvps;

import java.util.List;
import java.util.Optional;

/**
 * Storage of reference values, one current record per name plus the history of records it replaced.
 * Implementations: {@link InMemoryReferenceValueRepository} (tests, standalone mode) and a JPA one
 * in the persistence module.
 *
 * <p>Implementations must be thread-safe; {@link #store} of one name is atomic (last write wins).
 */
public interface ReferenceValueRepository {

  /** Stores {@code value} as the current record of its name, replacing (and archiving) any old. */
  void store(ReferenceValue value);

  Optional<ReferenceValue> findByName(String name);

  /** Every current record, sorted by name. */
  List<ReferenceValue> findAll();

  /** Removes the current record of {@code name}; returns false if there was none. */
  boolean delete(String name);

  /**
   * Every record ever stored under {@code name}, oldest first, the current one (if any) last.
   * Deleting a name keeps its history.
   */
  List<ReferenceValue> history(String name);
}
