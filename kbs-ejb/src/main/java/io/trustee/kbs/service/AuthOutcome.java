package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The result of {@code /auth}: the new session's id and expiry and the challenge body. */
public record AuthOutcome(String sessionId, Instant expiresAt, ObjectNode challenge) {}
