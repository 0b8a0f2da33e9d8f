package io.trustee.kbs.admin;

import java.util.Optional;

/**
 * Decides whether an admin request may proceed. Implementations are immutable and thread-safe.
 *
 * <p>Modes: {@link #denyAll()}, {@link #insecureAllowAll()} (only when the operator configured it),
 * {@link Ed25519Authorizer} (legacy {@code auth_public_key} and {@code Simple} personas) and {@link
 * BearerJwtAuthorizer} ({@code AuthenticatedAuthorization}).
 */
public interface AdminAuthorizer {

  /**
   * @param authorizationHeader the raw {@code Authorization} header, if any
   * @param requestTarget the raw request path (e.g. {@code /kbs/v0/resource/a/b/c}), matched by
   *     ACLs; a query string, if one is passed, is ignored by the ACLs ({@link AclRule})
   * @return the principal let in
   * @throws AdminAuthException when the request is refused
   */
  AdminPrincipal authorize(Optional<String> authorizationHeader, String requestTarget)
      throws AdminAuthException;

  /** How this authorizer decides. */
  AdminMode mode();

  /** A short description of the mode for the start-up log. */
  default String describe() {
    return mode().label();
  }

  /** Refuses everything. */
  static AdminAuthorizer denyAll() {
    return new AdminAuthorizer() {
      @Override
      public AdminPrincipal authorize(Optional<String> header, String target)
          throws AdminAuthException {
        throw new AdminAuthException(AdminAuthException.Reason.DENY_ALL, "admin API is disabled");
      }

      @Override
      public AdminMode mode() {
        return AdminMode.DENY_ALL;
      }
    };
  }

  /**
   * Allows everything without credentials. Only for an explicit {@code InsecureAllowAll} or {@code
   * insecure_api = true}; the server must log a warning at start and on each call.
   */
  static AdminAuthorizer insecureAllowAll() {
    return new AdminAuthorizer() {
      @Override
      public AdminPrincipal authorize(Optional<String> header, String target) {
        return new AdminPrincipal(
            "anonymous", Optional.empty(), AdminMode.INSECURE_ALLOW_ALL.label());
      }

      @Override
      public AdminMode mode() {
        return AdminMode.INSECURE_ALLOW_ALL;
      }
    };
  }
}
