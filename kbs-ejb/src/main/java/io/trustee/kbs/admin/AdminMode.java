package io.trustee.kbs.admin;

/**
 * How an {@link AdminAuthorizer} decides, with the name the start-up log and {@link
 * AdminPrincipal#mode()} show (upstream's mode names where upstream has one).
 */
public enum AdminMode {
  /** Everything allowed without credentials ({@code InsecureAllowAll}, {@code insecure_api}). */
  INSECURE_ALLOW_ALL("InsecureAllowAll"),
  /** Everything refused ({@code DenyAll}). */
  DENY_ALL("DenyAll"),
  /** One Ed25519 key ({@code auth_public_key}). */
  ED25519_KEY("Ed25519 auth_public_key"),
  /** Ed25519 personas ({@code type = "Simple"}). */
  SIMPLE_PERSONAS("Simple"),
  /** Identity-provider JWTs with a regex ACL ({@code AuthenticatedAuthorization}). */
  AUTHENTICATED_AUTHORIZATION("AuthenticatedAuthorization"),
  /** Identity-provider JWTs whose groups claim names an admin group ({@code kbs.admin.idp.*}). */
  IDENTITY_PROVIDER_GROUPS("IdentityProviderGroups"),
  /** Several authorizers side by side ({@link CompositeAuthorizer}). */
  ANY_OF("AnyOf");

  private final String label;

  AdminMode(String label) {
    this.label = label;
  }

  /** The name shown in logs and principals. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
