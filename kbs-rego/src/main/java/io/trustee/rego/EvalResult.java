package io.trustee.rego;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The results of one evaluation, by rule path. Immutable. */
public final class EvalResult {
  private final Map<String, RuleResult> results;

  /** Creates a result from a map of path to result (copied). */
  public EvalResult(Map<String, RuleResult> results) {
    this.results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
  }

  /** The result for a requested path such as {@code data.policy.allow}; absent if not asked. */
  public RuleResult get(String path) {
    return results.getOrDefault(path, RuleResult.absent());
  }

  /** All results, in request order. */
  public Map<String, RuleResult> all() {
    return results;
  }

  @Override
  public String toString() {
    return results.toString();
  }
}
