package io.trustee.kbs.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * Who was let in: a subject label for audit logs ({@code sub} claim, persona id, or {@code
 * "anonymous"}), the role from the token when the mode has roles, and the mode that decided.
 * Immutable.
 */
public record AdminPrincipal(String subject, Optional<String> role, String mode) {
  public AdminPrincipal {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(mode, "mode");
  }
}
