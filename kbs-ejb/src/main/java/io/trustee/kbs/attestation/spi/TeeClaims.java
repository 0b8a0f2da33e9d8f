package io.trustee.kbs.attestation.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The claims a verifier produced for one piece of evidence, in the exact JSON shape the upstream
 * verifier emits (so Rego policies written for upstream read the same names and encodings), and the
 * TEE class ({@code cpu}, {@code gpu}) used for policy selection.
 *
 * <p>Verifiers build their claims from typed records and convert to JSON here, at the boundary to
 * the policy engine. The object is copied in and out, so instances are immutable.
 */
public final class TeeClaims {
  private final String teeClass;
  private final ObjectNode claims;

  public TeeClaims(String teeClass, ObjectNode claims) {
    this.teeClass = Objects.requireNonNull(teeClass, "teeClass");
    this.claims = Objects.requireNonNull(claims, "claims").deepCopy();
  }

  public String teeClass() {
    return teeClass;
  }

  /** A copy of the claims object. */
  public ObjectNode claims() {
    return claims.deepCopy();
  }

  @Override
  public String toString() {
    return "TeeClaims[" + teeClass + ", " + claims.size() + " claims]";
  }
}
