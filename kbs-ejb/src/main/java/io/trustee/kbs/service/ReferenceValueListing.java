package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code GET /kbs/v0/reference-value}: a current value with its expiry and whether
 * appraisal still uses it ({@code expired}).
 */
public record ReferenceValueListing(
    String name, String expiration, boolean expired, JsonNode value) {}
