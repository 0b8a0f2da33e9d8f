package io.trustee.kbs.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.token.CompactJws;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code authorization_mode = "AuthenticatedAuthorization"}: the bearer JWT must be verified by one
 * of the identity providers (tried in order; the first whose key verifies the token and whose
 * {@code issuer}/{@code audience} constraints hold wins), pass {@link AdminTokenLifetime} and carry
 * a string {@code role}, and some ACL rule for that role must match the request target.
 *
 * <p>Each provider verifies with Nimbus's JWT processor ({@link IdentityProvider#accepts}); the
 * algorithms follow the key: EC → ES256/ES384, RSA → RS256/384/512 and PS256/384/512, Ed25519 →
 * EdDSA. {@code none} and HMAC never verify. Immutable and thread-safe.
 */
public final class BearerJwtAuthorizer implements AdminAuthorizer {
  private final List<IdentityProvider> providers;
  private final List<AclRule> acls;
  private final AdminTokenLifetime lifetime;
  private final Clock clock;

  /** With the {@linkplain AdminTokenLifetime#DEFAULT default} token times. */
  public BearerJwtAuthorizer(List<IdentityProvider> providers, List<AclRule> acls, Clock clock) {
    this(providers, acls, AdminTokenLifetime.DEFAULT, clock);
  }

  /**
   * @throws IllegalArgumentException if there is no identity provider (fail closed)
   */
  public BearerJwtAuthorizer(
      List<IdentityProvider> providers,
      List<AclRule> acls,
      AdminTokenLifetime lifetime,
      Clock clock) {
    this.providers = List.copyOf(providers);
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.acls = List.copyOf(acls);
    this.clock = Objects.requireNonNull(clock, "clock");
    if (this.providers.isEmpty()) {
      throw new IllegalArgumentException(
          "AuthenticatedAuthorization needs at least one identity provider");
    }
  }

  @Override
  public AdminPrincipal authorize(Optional<String> header, String requestTarget)
      throws AdminAuthException {
    Objects.requireNonNull(requestTarget, "requestTarget");
    CompactJws jws = BearerTokens.parse(header);
    ObjectNode claims = jws.payload();
    IdentityProvider accepted = null;
    for (IdentityProvider p : providers) {
      if (p.accepts(jws)) {
        accepted = p;
        break;
      }
    }
    if (accepted == null) {
      throw new AdminAuthException(
          AdminAuthException.Reason.UNTRUSTED_TOKEN, "no identity provider accepts the token");
    }
    lifetime.check(claims, clock.instant());
    JsonNode role = claims.get("role");
    if (role == null || !role.isTextual()) {
      throw new AdminAuthException(
          AdminAuthException.Reason.MALFORMED_TOKEN, "role claim missing or not a string");
    }
    for (AclRule rule : acls) {
      if (rule.grants(role.textValue(), requestTarget)) {
        String sub = claims.path("sub").isTextual() ? claims.get("sub").textValue() : "unknown";
        return new AdminPrincipal(
            sub,
            Optional.of(role.textValue()),
            mode().label(),
            GroupsClaimAuthorizer.issuer(claims),
            Optional.empty());
      }
    }
    throw new AdminAuthException(
        AdminAuthException.Reason.FORBIDDEN,
        "role " + role.textValue() + " may not access " + requestTarget);
  }

  @Override
  public AdminMode mode() {
    return AdminMode.AUTHENTICATED_AUTHORIZATION;
  }

  @Override
  public String toString() {
    return "BearerJwtAuthorizer[" + providers.size() + " providers, " + acls.size() + " acls]";
  }
}
