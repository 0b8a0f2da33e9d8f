package io.trustee.kbs.service;

import java.time.Instant;

/** The result of {@code /attest}: the session (for the cookie) and the attestation token. */
public record AttestOutcome(String sessionId, Instant expiresAt, String token) {
  @Override
  public String toString() {
    return "AttestOutcome[" + sessionId + ", expires " + expiresAt + "]";
  }
}
