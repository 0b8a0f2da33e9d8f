package io.trustee.rego.eval;

import io.trustee.rego.Value;
import java.util.HashMap;

/**
 * Variable bindings of one rule or query evaluation. Bindings are strictly nested (bind, run the
 * continuation, unbind), so a plain map suffices. Not thread-safe.
 */
final class Env {
  private final HashMap<String, Value> vals = new HashMap<>();

  Value get(String name) {
    return vals.get(name);
  }

  void put(String name, Value v) {
    vals.put(name, v);
  }

  void remove(String name) {
    vals.remove(name);
  }
}
