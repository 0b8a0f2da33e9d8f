package io.trustee.kbs.rvps;

import java.time.Clock;
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
public class InMemoryReferenceValueRepository implements ReferenceValueRepository {
  private final Map<String, ReferenceValue> current = new TreeMap<>();
  private final Map<String, String> sources = new HashMap<>();
  private final Map<String, List<ReferenceValueHistoryEntry>> history = new HashMap<>();
  private final Clock clock;

  public InMemoryReferenceValueRepository() {
    this(Clock.systemUTC());
  }

  /** With the clock that dates history entries. */
  public InMemoryReferenceValueRepository(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void store(ReferenceValue value, String source) {
    Objects.requireNonNull(value, "value");
    current.put(value.name(), value);
    if (source == null) {
      sources.remove(value.name());
    } else {
      sources.put(value.name(), source);
    }
    record(value, ReferenceValueHistoryEntry.Event.STORED, source);
  }

  @Override
  public synchronized Optional<ReferenceValue> findByName(String name) {
    return Optional.ofNullable(current.get(name));
  }

  @Override
  public synchronized Optional<String> sourceOf(String name) {
    return Optional.ofNullable(sources.get(name));
  }

  @Override
  public synchronized Map<String, String> owned() {
    return Map.copyOf(sources);
  }

  @Override
  public synchronized List<ReferenceValue> findAll() {
    return List.copyOf(current.values());
  }

  @Override
  public synchronized boolean remove(String name, ReferenceValueHistoryEntry.Event event) {
    ReferenceValue old = current.remove(name);
    if (old == null) {
      return false;
    }
    record(old, event, sources.remove(name));
    return true;
  }

  @Override
  public synchronized List<ReferenceValueHistoryEntry> history(String name) {
    return List.copyOf(history.getOrDefault(name, List.of()));
  }

  private void record(ReferenceValue v, ReferenceValueHistoryEntry.Event event, String source) {
    history
        .computeIfAbsent(v.name(), n -> new ArrayList<>())
        .add(
            new ReferenceValueHistoryEntry(v, clock.instant(), event, Optional.ofNullable(source)));
  }
}
