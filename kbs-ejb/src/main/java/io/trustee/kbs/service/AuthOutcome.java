package io.trustee.kbs.service;

import io.trustee.kbs.protocol.Challenge;
import java.time.Instant;

/** The result of {@code /auth}: the new session's id and expiry and the challenge. */
public record AuthOutcome(String sessionId, Instant expiresAt, Challenge challenge) {}
