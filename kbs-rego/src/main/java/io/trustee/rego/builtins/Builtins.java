package io.trustee.rego.builtins;

import java.util.HashMap;
import java.util.Map;

/** The immutable registry of builtins by name. Thread-safe. */
public final class Builtins {
  /** A registered builtin; arity -1 means variadic. */
  public record Entry(String name, int arity, Builtin fn) {}

  private static final Map<String, Entry> REGISTRY;

  static {
    Map<String, Entry> m = new HashMap<>();
    m.put("print", new Entry("print", -1, a -> null));
    OperatorBuiltins.register(m);
    AggregateBuiltins.register(m);
    StringBuiltins.register(m);
    ObjectBuiltins.register(m);
    EncodingBuiltins.register(m);
    RegexBuiltins.register(m);
    TimeBuiltins.register(m);
    MiscBuiltins.register(m);
    NetBuiltins.register(m);
    GraphBuiltins.register(m);
    JwtBuiltins.register(m);
    JsonPatch.register(m);
    X509Builtins.register(m);
    X509Requests.register(m);
    PrivateKeys.register(m);
    GoTemplate.register(m);
    JsonSchema.register(m);
    REGISTRY = Map.copyOf(m);
  }

  private Builtins() {}

  static void reg(Map<String, Entry> m, String name, int arity, Builtin fn) {
    m.put(name, new Entry(name, arity, fn));
  }

  /** True for builtins that are relations (their result array is enumerated). */
  public static boolean isRelation(String name) {
    return name.equals("walk");
  }

  /** The builtin, or null. */
  public static Entry get(String name) {
    return REGISTRY.get(name);
  }

  /** True if a builtin of this name exists. */
  public static boolean exists(String name) {
    return REGISTRY.containsKey(name);
  }

  /** The arity, or -1 for unknown or variadic builtins. */
  public static int arity(String name) {
    Entry e = REGISTRY.get(name);
    return e == null ? -1 : e.arity();
  }

  /** Number of registered builtins. */
  public static int size() {
    return REGISTRY.size();
  }
}
