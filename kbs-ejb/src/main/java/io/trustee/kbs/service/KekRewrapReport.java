package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code POST /kbs/v0/kek/rewrap}: what a re-wrap to the active key did, per kind of sealed value,
 * and the first paths or ids that this replica could not open.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KekRewrapReport(
    String activeKek,
    int batchSize,
    Secrets secrets,
    SigningKeys signingKeys,
    List<String> failures) {

  /** The secrets, re-wrapped in batches of one transaction each. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Secrets(
      int batches,
      int examined,
      int rewrapped,
      int alreadyCurrent,
      int changedConcurrently,
      int failed) {}

  /** The token signing keys, re-wrapped in one transaction. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record SigningKeys(
      int examined, int rewrapped, int alreadyCurrent, int changedConcurrently, int failed) {}
}
