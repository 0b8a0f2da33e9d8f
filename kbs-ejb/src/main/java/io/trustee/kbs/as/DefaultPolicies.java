package io.trustee.kbs.as;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Our built-in Rego policies, shipped as class-path resources under {@code policies/}: the
 * attestation defaults {@code default_cpu}, {@code default_gpu}, {@code default_switch}, {@code
 * default_ppcie} and the KBS resource policies {@code resource_default} (upstream default
 * behaviour) and {@code resource_affirming_only}. Stateless and thread-safe.
 */
public final class DefaultPolicies {
  /** Attestation policies installed at first start. */
  public static final List<String> ATTESTATION_POLICY_IDS =
      List.of("default_cpu", "default_gpu", "default_switch", "default_ppcie");

  public static final String RESOURCE_DEFAULT = "resource_default";
  public static final String RESOURCE_AFFIRMING_ONLY = "resource_affirming_only";

  private DefaultPolicies() {}

  /** The text of {@code policies/<name>.rego}. */
  public static String text(String name) {
    return text(name, ".rego");
  }

  private static String text(String name, String suffix) {
    String path = "/policies/" + name + suffix;
    try (InputStream in = DefaultPolicies.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("built-in policy resource missing: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces every stored default attestation policy whose text is an earlier release's unchanged
   * built-in text (its SHA-256 is listed in {@code policies/builtin-history.txt}) by this build's
   * text, so that an upgrade brings the new defaults; a policy an operator changed (any other text)
   * is kept. Run before the mounted files are imported, which then re-assert what a mounted file
   * says. Returns the ids replaced.
   */
  public static List<String> upgradeUnmodified(PolicyRepository repository) {
    return upgradeUnmodified(repository, shippedHashes());
  }

  static List<String> upgradeUnmodified(
      PolicyRepository repository, Map<String, Set<String>> shipped) {
    List<String> upgraded = new ArrayList<>();
    for (String id : ATTESTATION_POLICY_IDS) {
      String current = text(id);
      Optional<String> stored = repository.find(id);
      if (stored.isEmpty() || stored.get().equals(current)) {
        continue;
      }
      if (shipped.getOrDefault(id, Set.of()).contains(sha256Hex(stored.get()))) {
        repository.store(id, current);
        upgraded.add(id);
      }
    }
    return upgraded;
  }

  /** Policy id → the SHA-256 (hex) of every built-in text shipped for it. */
  static Map<String, Set<String>> shippedHashes() {
    Map<String, Set<String>> out = new HashMap<>();
    for (String line : text("builtin-history", ".txt").split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split("\\s+");
      if (f.length != 2 || !f[1].matches("[0-9a-f]{64}")) {
        throw new IllegalStateException("policies/builtin-history.txt: bad line: " + l);
      }
      out.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
    }
    return out;
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stores every default attestation policy whose id is not yet in the repository (operator
   * overrides survive restarts). Returns the ids installed.
   */
  public static List<String> installDefaultsIfAbsent(PolicyRepository repository) {
    List<String> installed = new ArrayList<>();
    for (String id : ATTESTATION_POLICY_IDS) {
      if (repository.storeIfAbsent(id, text(id))) {
        installed.add(id);
      }
    }
    return installed;
  }
}
