package io.trustee.kbs.admin;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code regex_acl.acls} entry: a role and the endpoints it may call. The regex must start with
 * {@code ^/kbs} and end with {@code $} (kbs-protocol.md §10) so that a rule can never match more
 * than intended by being unanchored. It is matched against the request path only: a query string is
 * cut off before matching, so that {@code /kbs/v0/resource-policy?x=/kbs/v0/resource/a/b} cannot
 * pass a rule written for {@code ^/kbs/v0/resource/a/.*$}. Upstream matches the path and query
 * together; this is a deliberate difference (README, SECURITY-CHANGELOG). Immutable and
 * thread-safe.
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

  /**
   * True if this rule grants {@code role} access to the path of {@code requestTarget} (anything
   * from the first {@code ?} on is ignored).
   */
  public boolean grants(String role, String requestTarget) {
    return this.role.equals(role) && allowedEndpoints.matcher(pathOnly(requestTarget)).matches();
  }

  /** The request target without its query string. */
  public static String pathOnly(String requestTarget) {
    int q = requestTarget.indexOf('?');
    return q < 0 ? requestTarget : requestTarget.substring(0, q);
  }
}
