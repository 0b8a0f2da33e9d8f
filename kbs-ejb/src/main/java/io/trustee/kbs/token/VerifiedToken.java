package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A token whose signature and {@code exp} checked out: its claims, and whether this server's own
 * signing key verified it ({@code false} for tokens of an external attestation service trusted
 * through certificates or JWK Sets). Immutable (claims are copied in and out).
 */
public record VerifiedToken(ObjectNode claims, boolean ownKey) {
  public VerifiedToken {
    claims = Objects.requireNonNull(claims, "claims").deepCopy();
  }

  @Override
  public ObjectNode claims() {
    return claims.deepCopy();
  }

  @Override
  public String toString() {
    return "VerifiedToken[ownKey=" + ownKey + "]";
  }
}
