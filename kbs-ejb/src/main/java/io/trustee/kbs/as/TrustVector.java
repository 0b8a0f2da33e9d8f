package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AR4SI trustworthiness vector of one submodule: the claims that were set, in canonical order,
 * with values in −128…127. Immutable.
 */
public record TrustVector(Map<String, Integer> claims) {
  /** Claim names in canonical order (§5.3). */
  public static final List<String> CLAIMS =
      List.of(
          "instance-identity",
          "configuration",
          "executables",
          "file-system",
          "hardware",
          "runtime-opaque",
          "storage-opaque",
          "sourced-data");

  public TrustVector {
    Map<String, Integer> ordered = new LinkedHashMap<>();
    for (String c : CLAIMS) {
      if (claims.containsKey(c)) {
        ordered.put(c, claims.get(c));
      }
    }
    claims = Collections.unmodifiableMap(ordered);
  }

  /**
   * Builds the vector from the policy's {@code trust_claims} (§5.1): absent rule → all eight claims
   * 0; otherwise non-empty, known names only, values in −128…127.
   */
  public static TrustVector fromPolicy(Optional<Map<String, Integer>> trustClaims)
      throws PolicyEvaluationException {
    Map<String, Integer> m = new LinkedHashMap<>();
    if (trustClaims.isEmpty()) {
      CLAIMS.forEach(c -> m.put(c, 0));
      return new TrustVector(m);
    }
    Map<String, Integer> tc = trustClaims.get();
    if (tc.isEmpty()) {
      throw new PolicyEvaluationException("trust_claims: at least one policy claim must be set");
    }
    for (Map.Entry<String, Integer> e : tc.entrySet()) {
      if (!CLAIMS.contains(e.getKey())) {
        throw new PolicyEvaluationException(
            "trust_claims: unknown claim '" + e.getKey() + "' (known: " + CLAIMS + ")");
      }
      if (e.getValue() == null || e.getValue() < -128 || e.getValue() > 127) {
        throw new PolicyEvaluationException(
            "trust_claims: " + e.getKey() + " = " + e.getValue() + " is outside -128..127");
      }
      m.put(e.getKey(), e.getValue());
    }
    return new TrustVector(m);
  }

  /** The most severe tier among the set claims ({@code none} if none are set). */
  public TrustTier status() {
    TrustTier worst = TrustTier.NONE;
    for (int v : claims.values()) {
      TrustTier t = TrustTier.of(v);
      if (t.compareTo(worst) > 0) {
        worst = t;
      }
    }
    return worst;
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    claims.forEach(o::put);
    return o;
  }
}
