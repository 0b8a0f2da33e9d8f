package io.trustee.kbs.web.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.trustee.kbs.protocol.Challenge;

/**
 * {@code /auth} response body (kbs-protocol.md §3.1 step 3): {@code {"nonce": "…", "extra-params":
 * ""}}. {@code extra-params} is always the empty string (only IBM {@code se} gets anything else).
 */
public record ChallengeBody(String nonce, @JsonProperty("extra-params") String extraParams) {
  public static ChallengeBody of(Challenge c) {
    return new ChallengeBody(c.nonce().value(), "");
  }
}
