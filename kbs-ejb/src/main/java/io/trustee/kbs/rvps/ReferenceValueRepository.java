package io.trustee.kbs.rvps;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Storage of reference values, one current record per name plus the history of records it replaced.
 * Implementations: an in-memory one in the tests and a JPA one in the persistence module.
 *
 * <p>Implementations must be thread-safe; {@link #store} of one name is atomic (last write wins).
 */
public interface ReferenceValueRepository {

  /**
   * Stores {@code value} as the current record of its name, replacing (and archiving) any old, as
   * registered through the admin API (no owning file).
   */
  default void store(ReferenceValue value) {
    store(value, null);
  }

  /**
   * Stores {@code value} as the current record of its name, owned by {@code source} (a mounted
   * file, {@code file:<path>}; null = the admin API), with a history entry naming the source.
   */
  void store(ReferenceValue value, String source);

  /** The owning file of the current record of {@code name}; empty if absent or API-owned. */
  Optional<String> sourceOf(String name);

  /** Every current record that a file owns: name → source. */
  Map<String, String> owned();

  Optional<ReferenceValue> findByName(String name);

  /**
   * The current records of those of {@code names} that exist, by name (one query where the
   * implementation can: an appraisal looks up every reference value its TEE maps at once).
   */
  default Map<String, ReferenceValue> findByNames(Collection<String> names) {
    Map<String, ReferenceValue> out = new LinkedHashMap<>();
    for (String name : names) {
      findByName(name).ifPresent(v -> out.put(name, v));
    }
    return out;
  }

  /** Every current record, sorted by name. */
  List<ReferenceValue> findAll();

  /**
   * Removes the current record of {@code name} through the admin API (history event {@code
   * DELETED}); returns false if there was none.
   */
  default boolean delete(String name) {
    return remove(name, ReferenceValueHistoryEntry.Event.DELETED);
  }

  /**
   * Removes the current record of {@code name} and appends a history entry with {@code event} and
   * the record's source; returns false if there was none.
   */
  boolean remove(String name, ReferenceValueHistoryEntry.Event event);

  /**
   * Every entry ever recorded under {@code name} (stores and removals), oldest first. Deleting a
   * name keeps its history.
   */
  List<ReferenceValueHistoryEntry> history(String name);
}
