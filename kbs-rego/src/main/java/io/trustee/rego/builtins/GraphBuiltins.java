package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code walk}, {@code graph.reachable}, {@code graph.reachable_paths}, {@code uuid.*}, {@code
 * trace} and {@code opa.runtime}. {@code walk} is a relation: the evaluator enumerates the array of
 * {@code [path, value]} pairs it returns. Thread-safe.
 */
final class GraphBuiltins {
  private static final SecureRandom RANDOM = new SecureRandom();

  private GraphBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "walk",
        1,
        a -> {
          List<Value> out = new ArrayList<>();
          walk(a[0], new ArrayList<>(), out);
          return ArrayValue.of(out);
        });
    reg(
        m,
        "graph.reachable",
        2,
        a -> {
          ObjectValue g = Args.obj(a, 0);
          Deque<Value> queue = new ArrayDeque<>(Args.elems(a, 1, "one of {set, array}"));
          Set<Value> reached = new LinkedHashSet<>();
          while (!queue.isEmpty()) {
            Value node = queue.poll();
            Value edges = g.get(node);
            if (edges != null && !reached.contains(node)) {
              reached.add(node);
              for (Value n : elems(edges)) {
                if (!reached.contains(n)) {
                  queue.add(n);
                }
              }
            }
          }
          return SetValue.of(reached);
        });
    reg(
        m,
        "graph.reachable_paths",
        2,
        a -> {
          ObjectValue g = Args.obj(a, 0);
          Set<Value> out = new LinkedHashSet<>();
          for (Value start : Args.elems(a, 1, "one of {set, array}")) {
            Value edges = g.get(start);
            if (edges == null) {
              continue;
            }
            List<Value> next = elems(edges);
            if (next.isEmpty()) {
              out.add(ArrayValue.of(start));
              continue;
            }
            Set<Value> reached = new LinkedHashSet<>();
            reached.add(start);
            for (Value n : next) {
              List<Value> path = new ArrayList<>(List.of(start, n));
              paths(g, n, path, out, reached);
            }
          }
          return SetValue.of(out);
        });
    reg(
        m,
        "uuid.rfc4122",
        1,
        a -> {
          Args.str(a, 0);
          return StringValue.of(java.util.UUID.randomUUID().toString());
        });
    reg(m, "uuid.parse", 1, a -> UuidParser.parse(Args.str(a, 0)));
    reg(
        m,
        "trace",
        1,
        a -> {
          Args.str(a, 0);
          return BooleanValue.TRUE;
        });
    reg(m, "opa.runtime", 0, a -> ObjectValue.EMPTY);
    reg(
        m,
        "rand.intn",
        2,
        a -> {
          Args.str(a, 0);
          int n = Args.integer(a, 1);
          return NumberValue.of(n == 0 ? 0 : RANDOM.nextInt(Math.abs(n)));
        });
  }

  private static List<Value> elems(Value v) {
    if (v instanceof ArrayValue arr) {
      return arr.items();
    }
    if (v instanceof SetValue s) {
      return s.sorted();
    }
    if (v instanceof ObjectValue o) {
      return new ArrayList<>(o.asMap().values());
    }
    return List.of();
  }

  /** Extends a path depth-first, as OPA's reachable_paths does (cycles end a path). */
  private static void paths(
      ObjectValue g, Value node, List<Value> path, Set<Value> out, Set<Value> reached) {
    Value edges = g.get(node);
    if (edges == null) {
      out.add(ArrayValue.of(new ArrayList<>(path.subList(0, path.size() - 1))));
      return;
    }
    List<Value> next = elems(edges);
    if (next.isEmpty()) {
      out.add(ArrayValue.of(new ArrayList<>(path)));
      return;
    }
    for (Value n : next) {
      if (reached.contains(n)) {
        out.add(ArrayValue.of(new ArrayList<>(path)));
      } else {
        reached.add(node);
        path.add(n);
        paths(g, n, path, out, reached);
        path.remove(path.size() - 1);
      }
    }
  }

  private static void walk(Value v, List<Value> path, List<Value> out) {
    out.add(ArrayValue.of(ArrayValue.of(new ArrayList<>(path)), v));
    if (v instanceof ArrayValue arr) {
      for (int i = 0; i < arr.size(); i++) {
        path.add(NumberValue.of(i));
        walk(arr.get(i), path, out);
        path.remove(path.size() - 1);
      }
    } else if (v instanceof ObjectValue o) {
      for (Value k : o.sortedKeys()) {
        path.add(k);
        walk(o.get(k), path, out);
        path.remove(path.size() - 1);
      }
    } else if (v instanceof SetValue s) {
      for (Value e : s.sorted()) {
        path.add(e);
        walk(e, path, out);
        path.remove(path.size() - 1);
      }
    }
  }
}
