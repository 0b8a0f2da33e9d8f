package io.trustee.rego;

import io.trustee.rego.ast.Module;
import io.trustee.rego.eval.Compiler;
import io.trustee.rego.eval.Program;
import io.trustee.rego.parse.Parser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point: compiles Rego v1 policies. Compiled policies are cached by the SHA-256 of their text
 * (bounded LRU of 256 entries). Thread-safe.
 *
 * <p>Example: {@code Rego.compile(text).evaluate(input, data, hosts, List.of("data.policy.allow"),
 * EvalOptions.defaults()).get("data.policy.allow")}.
 */
public final class Rego {
  private static final int CACHE_SIZE = 256;
  private static final Map<String, CompiledPolicy> CACHE =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompiledPolicy> e) {
          return size() > CACHE_SIZE;
        }
      };

  private Rego() {}

  /**
   * Compiles one module (cached by the SHA-256 of the text).
   *
   * @throws RegoCompileException (unchecked) with line, column and code on syntax or compile errors
   */
  public static CompiledPolicy compile(String policyText) {
    String hash = sha256(policyText);
    synchronized (CACHE) {
      CompiledPolicy c = CACHE.get(hash);
      if (c != null) {
        return c;
      }
    }
    Module m;
    Program p;
    try {
      m = Parser.parseModule(policyText, "policy.rego");
      p = Compiler.compileModules(List.of(m));
    } catch (StackOverflowError e) {
      throw new RegoCompileException("rego_parse_error", 0, 0, "policy nesting too deep");
    }
    CompiledPolicy c = new CompiledPolicy(p, String.join(".", m.packagePath()), hash);
    synchronized (CACHE) {
      CACHE.put(hash, c);
    }
    return c;
  }

  /** Compiles several Rego v1 modules together (file name to source); not cached. */
  public static CompiledPolicy compileModules(Map<String, String> sources) {
    return compileModules(sources, false);
  }

  /**
   * Compiles several modules together; with {@code v0} the modules are read with Rego v0 rule
   * syntax ({@code p[x] { ... }} is a partial set). Not cached.
   */
  public static CompiledPolicy compileModules(Map<String, String> sources, boolean v0) {
    List<Module> mods = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    Program p;
    try {
      sources.forEach(
          (file, src) -> {
            mods.add(v0 ? Parser.parseModuleV0(src, file) : Parser.parseModule(src, file));
            all.append(file).append('\0').append(src).append('\0');
          });
      p = Compiler.compileModules(mods);
    } catch (StackOverflowError e) {
      throw new RegoCompileException("rego_parse_error", 0, 0, "policy nesting too deep");
    }
    String pkg = mods.isEmpty() ? "" : String.join(".", mods.get(0).packagePath());
    return new CompiledPolicy(p, pkg, sha256(all.toString()));
  }

  /** Parses a Rego term (e.g. a set literal) into a value; the term must be ground. */
  public static Value parseValue(String term) {
    CompiledPolicy empty = compileModules(Map.of());
    List<Map<String, Value>> r = empty.query("regotermvalue = " + term, null, null, null, null);
    if (r.isEmpty()) {
      throw new IllegalArgumentException("term is undefined: " + term);
    }
    return r.get(0).get("regotermvalue");
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
