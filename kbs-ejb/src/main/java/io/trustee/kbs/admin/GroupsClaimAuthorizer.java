package io.trustee.kbs.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.token.CompactJws;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Admin tokens from an identity provider configured the MicroProfile JWT way ({@code
 * mp.jwt.verify.issuer}, {@code mp.jwt.verify.publickey.location} or a JWKS, {@code
 * mp.jwt.verify.audiences}): the token must verify under the provider's key, carry the issuer and
 * audience, pass {@link AdminTokenLifetime} ({@code exp} required and bounded) and name one of the
 * admin groups in its groups claim (an array, as MP JWT's {@code groups}) or in a {@code role}
 * string claim.
 *
 * <p>Immutable and thread-safe.
 */
public final class GroupsClaimAuthorizer implements AdminAuthorizer {
  private final IdentityProvider provider;
  private final String groupsClaim;
  private final Set<String> adminGroups;
  private final AdminTokenLifetime lifetime;
  private final Clock clock;

  /** With the {@linkplain AdminTokenLifetime#DEFAULT default} token times. */
  public GroupsClaimAuthorizer(
      IdentityProvider provider, String groupsClaim, List<String> adminGroups, Clock clock) {
    this(provider, groupsClaim, adminGroups, AdminTokenLifetime.DEFAULT, clock);
  }

  public GroupsClaimAuthorizer(
      IdentityProvider provider,
      String groupsClaim,
      List<String> adminGroups,
      AdminTokenLifetime lifetime,
      Clock clock) {
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.groupsClaim = Objects.requireNonNull(groupsClaim, "groupsClaim");
    this.adminGroups = Set.copyOf(adminGroups);
    this.clock = Objects.requireNonNull(clock, "clock");
    if (this.adminGroups.isEmpty()) {
      throw new IllegalArgumentException("at least one admin group is needed");
    }
  }

  @Override
  public AdminPrincipal authorize(Optional<String> header, String requestTarget)
      throws AdminAuthException {
    CompactJws jws = BearerTokens.parse(header);
    ObjectNode claims = jws.payload();
    if (!provider.accepts(jws)) {
      throw new AdminAuthException(
          AdminAuthException.Reason.UNTRUSTED_TOKEN, "the identity provider does not accept it");
    }
    lifetime.check(claims, clock.instant());
    String subject = claims.path("upn").asText(claims.path("sub").asText("unknown"));
    for (String group : groups(claims)) {
      if (adminGroups.contains(group)) {
        return new AdminPrincipal(
            subject, Optional.of(group), mode().label(), issuer(claims), Optional.empty());
      }
    }
    throw new AdminAuthException(
        AdminAuthException.Reason.FORBIDDEN, "token grants none of the admin groups");
  }

  static Optional<String> issuer(JsonNode claims) {
    JsonNode iss = claims.get("iss");
    return iss != null && iss.isTextual() ? Optional.of(iss.textValue()) : Optional.empty();
  }

  private List<String> groups(JsonNode claims) {
    JsonNode g = claims.get(groupsClaim);
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    if (g != null && g.isArray()) {
      g.forEach(
          x -> {
            if (x.isTextual()) {
              out.add(x.textValue());
            }
          });
    } else if (g != null && g.isTextual()) {
      out.add(g.textValue());
    }
    JsonNode role = claims.get("role");
    if (role != null && role.isTextual()) {
      out.add(role.textValue());
    }
    return out;
  }

  @Override
  public AdminMode mode() {
    return AdminMode.IDENTITY_PROVIDER_GROUPS;
  }
}
