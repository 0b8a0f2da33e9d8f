package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One recorded version of a reference value ({@code GET /kbs/v0/reference-value/{id}/history}):
 * when it was recorded, what happened ({@code stored}, {@code deleted}, {@code revoked}), where it
 * came from ({@code api} or {@code file:<path>}), its record version, expiration and value.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReferenceValueVersion(
    String recordedAt,
    String event,
    String source,
    String version,
    String expiration,
    JsonNode value) {}
