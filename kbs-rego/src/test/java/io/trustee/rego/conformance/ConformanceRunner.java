package io.trustee.rego.conformance;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.CompiledPolicy;
import io.trustee.rego.EvalOptions;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.Rego;
import io.trustee.rego.RegoCompileException;
import io.trustee.rego.RegoEvalException;
import io.trustee.rego.SetValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs OPA's YAML conformance cases (format in {@code opa-conformance/README.md}) against the
 * engine and tallies passed, failed and skipped cases per directory. Not thread-safe.
 */
public final class ConformanceRunner {
  /** Tally of one directory. */
  public static final class Tally {
    int passed;
    int failed;
    int skipped;

    @Override
    public String toString() {
      return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }
  }

  private final Map<String, Tally> byDir = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();
  private final Tally total = new Tally();

  /** Runs every {@code .yaml} file below {@code root}. */
  public void runAll(Path root) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files =
          s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    }
    for (Path f : files) {
      String dir = root.relativize(f.getParent()).toString();
      runFile(dir.isEmpty() ? root.getFileName().toString() : dir, f);
    }
  }

  /** Per-directory tallies, sorted by directory. */
  public Map<String, Tally> byDir() {
    return byDir;
  }

  /** The overall tally. */
  public Tally total() {
    return total;
  }

  /** One line per failed case: file, index, note and reason. */
  public List<String> failures() {
    return failures;
  }

  @SuppressWarnings("unchecked")
  private void runFile(String dir, Path file) throws IOException {
    Tally t = byDir.computeIfAbsent(dir, d -> new Tally());
    Object doc;
    try (Reader r = Files.newBufferedReader(file)) {
      LoaderOptions lo = new LoaderOptions();
      lo.setCodePointLimit(50_000_000);
      doc = new Yaml(lo).load(r);
    }
    List<Map<String, Object>> cases =
        (List<Map<String, Object>>) ((Map<String, Object>) doc).get("cases");
    for (int i = 0; i < cases.size(); i++) {
      Map<String, Object> c = cases.get(i);
      String id = file.getFileName() + "#" + i + " " + c.get("note");
      if (c.containsKey("experimental_keywords")) {
        t.skipped++;
        total.skipped++;
        continue;
      }
      String reason;
      try {
        reason = runCase(c, isV0(file));
      } catch (RuntimeException | StackOverflowError e) {
        reason = "exception: " + e;
      }
      if (reason == null) {
        t.passed++;
        total.passed++;
      } else {
        t.failed++;
        total.failed++;
        failures.add(dir + "/" + id + ": " + reason);
      }
    }
  }

  /** Cases under a {@code v0} directory use Rego v0 rule syntax. */
  private static boolean isV0(Path file) {
    for (Path p : file) {
      if (p.toString().equals("v0")) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static String runCase(Map<String, Object> c, boolean v0) {
    Map<String, String> mods = new LinkedHashMap<>();
    List<Object> modules = (List<Object>) c.getOrDefault("modules", List.of());
    for (int i = 0; i < modules.size(); i++) {
      mods.put("test-" + i + ".rego", (String) modules.get(i));
    }
    String wantCode = (String) c.get("want_error_code");
    String wantErr = (String) c.get("want_error");
    boolean strict = Boolean.TRUE.equals(c.get("strict_error"));
    Value data =
        c.containsKey("data") && c.get("data") != null ? Value.fromJava(c.get("data")) : null;
    List<Map<String, Value>> got;
    try {
      CompiledPolicy p = Rego.compileModules(mods, v0);
      Value input = null;
      if (c.get("input_term") != null) {
        input = Rego.parseValue((String) c.get("input_term"));
      } else if (c.containsKey("input")) {
        input = Value.fromJava(c.get("input"));
      }
      EvalOptions opts =
          EvalOptions.defaults()
              .withStrictBuiltinErrors(strict)
              .withMaxSteps(5_000_000)
              .withTimeout(Duration.ofSeconds(10));
      got = p.query((String) c.get("query"), input, data, Map.of(), opts);
    } catch (RegoEvalException e) {
      if (wantCode == null && wantErr == null) {
        return "unexpected error: " + e.getMessage();
      }
      if (wantCode != null && !wantCode.equals(e.code())) {
        return "want code " + wantCode + " got " + e.getMessage();
      }
      if (wantErr != null && !e.getMessage().contains(wantErr)) {
        return "want error containing '" + wantErr + "' got " + e.getMessage();
      }
      return null;
    } catch (RegoCompileException e) {
      return "compile error " + e.code() + ": " + e.getMessage();
    }
    if (wantCode != null || wantErr != null) {
      return "want error " + wantCode + " '" + wantErr + "' got result " + got;
    }
    if (!c.containsKey("want_result")) {
      return null;
    }
    boolean sort = Boolean.TRUE.equals(c.get("sort_bindings"));
    boolean ignoreGen = Boolean.TRUE.equals(c.get("ignore_generated_vars"));
    Set<Value> want = new HashSet<>();
    for (Object o : (List<Object>) c.get("want_result")) {
      want.add(normalize(Value.fromJava(o)));
    }
    Set<Value> have = new HashSet<>();
    for (Map<String, Value> sol : got) {
      Map<Value, Value> m = new LinkedHashMap<>();
      sol.forEach(
          (k, v) -> {
            if (ignoreGen && k.startsWith("__localq")) {
              return;
            }
            Value n = normalize(v);
            if (sort && n instanceof ArrayValue a) {
              List<Value> l = new ArrayList<>(a.items());
              l.sort(null);
              n = ArrayValue.of(l);
            }
            m.put(StringValue.of(k), n);
          });
      have.add(ObjectValue.of(m));
    }
    if (!want.equals(have)) {
      return "want " + want + " got " + have;
    }
    return null;
  }

  /** Converts to the JSON view: sets to sorted arrays, non-string keys to their JSON text. */
  static Value normalize(Value v) {
    if (v instanceof SetValue s) {
      List<Value> l = new ArrayList<>();
      for (Value e : s.sorted()) {
        l.add(normalize(e));
      }
      return ArrayValue.of(l);
    }
    if (v instanceof ArrayValue a) {
      List<Value> l = new ArrayList<>();
      for (Value e : a.items()) {
        l.add(normalize(e));
      }
      return ArrayValue.of(l);
    }
    if (v instanceof ObjectValue o) {
      Map<Value, Value> m = new LinkedHashMap<>();
      o.asMap()
          .forEach(
              (k, x) ->
                  m.put(k instanceof StringValue ? k : StringValue.of(k.toJson()), normalize(x)));
      return ObjectValue.of(m);
    }
    return v;
  }
}
