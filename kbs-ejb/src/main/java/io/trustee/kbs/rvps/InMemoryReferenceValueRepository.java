package io.trustee.kbs.rvps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link ReferenceValueRepository} held in memory. Thread-safe (every method synchronises on the
 * instance); contents are lost on restart.
 */
public final class InMemoryReferenceValueRepository implements ReferenceValueRepository {
  private final Map<String, ReferenceValue> current = new TreeMap<>();
  private final Map<String, List<ReferenceValue>> history = new HashMap<>();

  @Override
  public synchronized void store(ReferenceValue value) {
    Objects.requireNonNull(value, "value");
    current.put(value.name(), value);
    history.computeIfAbsent(value.name(), n -> new ArrayList<>()).add(value);
  }

  @Override
  public synchronized Optional<ReferenceValue> findByName(String name) {
    return Optional.ofNullable(current.get(name));
  }

  @Override
  public synchronized List<ReferenceValue> findAll() {
    return List.copyOf(current.values());
  }

  @Override
  public synchronized boolean delete(String name) {
    return current.remove(name) != null;
  }

  @Override
  public synchronized List<ReferenceValue> history(String name) {
    return List.copyOf(history.getOrDefault(name, List.of()));
  }
}
