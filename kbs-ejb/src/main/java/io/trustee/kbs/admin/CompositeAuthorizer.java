package io.trustee.kbs.admin;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Lets a request in if any of several authorizers does (e.g. the Ed25519 admin key and an identity
 * provider side by side); otherwise refuses with the first authorizer's reason. Immutable and
 * thread-safe.
 */
public final class CompositeAuthorizer implements AdminAuthorizer {
  private final List<AdminAuthorizer> authorizers;

  public CompositeAuthorizer(List<AdminAuthorizer> authorizers) {
    this.authorizers = List.copyOf(authorizers);
    if (this.authorizers.isEmpty()) {
      throw new IllegalArgumentException("no admin authorizer configured");
    }
  }

  @Override
  public AdminPrincipal authorize(Optional<String> header, String requestTarget)
      throws AdminAuthException {
    AdminAuthException first = null;
    for (AdminAuthorizer a : authorizers) {
      try {
        return a.authorize(header, requestTarget);
      } catch (AdminAuthException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    throw first;
  }

  @Override
  public AdminMode mode() {
    return AdminMode.ANY_OF;
  }

  @Override
  public String describe() {
    return authorizers.stream().map(AdminAuthorizer::describe).collect(Collectors.joining(" + "));
  }
}
