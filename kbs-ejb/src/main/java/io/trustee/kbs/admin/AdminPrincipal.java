package io.trustee.kbs.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * Who was let in: a subject label for audit logs ({@code sub} claim, persona id, or {@code
 * "anonymous"}), the role from the token when the mode has roles, the mode that decided, the
 * token's issuer when an identity provider vouched for it, and the fingerprint ({@code
 * ed25519:<SHA-256 of the SubjectPublicKeyInfo, hex>}) when an Ed25519 admin key verified it.
 * Immutable.
 */
public record AdminPrincipal(
    String subject,
    Optional<String> role,
    String mode,
    Optional<String> issuer,
    Optional<String> keyFingerprint) {
  public AdminPrincipal {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
  }

  /** A principal without issuer or key fingerprint. */
  public AdminPrincipal(String subject, Optional<String> role, String mode) {
    this(subject, role, mode, Optional.empty(), Optional.empty());
  }

  /**
   * The id for the audit trail: the key fingerprint when a key verified the token (the subject of
   * such a token is whatever its signer wrote), else the subject.
   */
  public String auditId() {
    return keyFingerprint.orElse(subject);
  }
}
