package io.trustee.kbs.admin;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code regex_acl.acls} entry: a role and the endpoints it may call. The regex must start with
 * {@code ^/kbs} and end with {@code $} (kbs-protocol.md §10) so that a rule can never match more
 * than intended by being unanchored; it is matched against the whole path plus query string.
 * Immutable and thread-safe.
 */
public record AclRule(String role, Pattern allowedEndpoints) {
  public AclRule {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(allowedEndpoints, "allowedEndpoints");
    String p = allowedEndpoints.pattern();
    if (!p.startsWith("^/kbs") || !p.endsWith("$") || p.endsWith("\\$")) {
      throw new IllegalArgumentException(
          "allowed_endpoints must start with ^/kbs and end with $: " + p);
    }
  }

  /**
   * Compiles a configured rule.
   *
   * @throws IllegalArgumentException if the regex is invalid or not anchored
   */
  public static AclRule of(String role, String regex) {
    try {
      return new AclRule(role, Pattern.compile(Objects.requireNonNull(regex, "regex")));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("allowed_endpoints is not a valid regex: " + regex, e);
    }
  }

  /** True if this rule grants {@code role} access to {@code requestTarget}. */
  public boolean grants(String role, String requestTarget) {
    return this.role.equals(role) && allowedEndpoints.matcher(requestTarget).matches();
  }
}
