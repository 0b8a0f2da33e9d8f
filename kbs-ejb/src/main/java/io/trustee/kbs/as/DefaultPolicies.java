package io.trustee.kbs.as;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
    String path = "/policies/" + name + ".rego";
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
