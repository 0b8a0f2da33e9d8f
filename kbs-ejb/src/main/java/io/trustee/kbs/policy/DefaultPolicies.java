package io.trustee.kbs.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The policy texts shipped in {@code kbs-ejb/src/main/resources/policies/} (our own, written for
 * this project): the default resource policy, the stricter "affirming only" one and the default
 * attestation policies.
 */
public final class DefaultPolicies {
  /** Resource policy reproducing upstream's default: deny {@code sample} evidence. */
  public static final String RESOURCE_DEFAULT = "resource_default";
  /** Resource policy releasing only to guests whose every submodule is affirming. */
  public static final String RESOURCE_AFFIRMING = "resource_affirming_only";

  private DefaultPolicies() {}

  /** The text of {@code policies/<name>.rego}. */
  public static String text(String name) {
    String resource = "/policies/" + name + ".rego";
    try (InputStream in = DefaultPolicies.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no built-in policy " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
