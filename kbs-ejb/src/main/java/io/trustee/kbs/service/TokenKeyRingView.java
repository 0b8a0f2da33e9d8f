package io.trustee.kbs.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code GET /kbs/v0/token-keys}: the signing key ring as administrators see it ({@code {"active",
 * "retired_keys_verify_for", "keys": [{kid, alg, state, source, kek_id, created_at, activated_at,
 * retired_at?}]}}); never private material.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenKeyRingView(String active, String retiredKeysVerifyFor, List<Key> keys) {

  /** One key; {@code state} is {@code active}, {@code verifying} or {@code expired}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Key(
      String kid,
      String alg,
      String state,
      String source,
      String kekId,
      String createdAt,
      String activatedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String retiredAt) {}
}
