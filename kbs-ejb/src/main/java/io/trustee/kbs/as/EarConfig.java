package io.trustee.kbs.as;

import java.util.Objects;

/**
 * The {@code attestation_token_broker} settings that shape the EAR payload ({@code
 * attestation-service.md} §5.5). Immutable.
 */
public record EarConfig(
    int durationMin,
    String issuer,
    String developer,
    String build,
    String profile,
    boolean verboseToken) {
  public static final EarConfig DEFAULTS =
      new EarConfig(
          5,
          "CoCo-Attestation-Service",
          "https://confidentialcontainers.org",
          "attestation-service 0.1.0",
          "tag:github.com,2024:confidential-containers/Trustee",
          true);

  public EarConfig {
    if (durationMin <= 0) {
      throw new IllegalArgumentException("duration_min must be positive: " + durationMin);
    }
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(developer, "developer");
    Objects.requireNonNull(build, "build");
    Objects.requireNonNull(profile, "profile");
  }
}
