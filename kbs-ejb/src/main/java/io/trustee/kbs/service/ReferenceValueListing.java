package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code GET /kbs/v0/reference-value}: a current value with its expiry, whether
 * appraisal still uses it ({@code expired}) and where it came from ({@code source}: {@code api} for
 * the admin API, RVPS messages and promotions, {@code file:<path>} for a mounted reference-value
 * file; the value's history and the audit trail tell promotions apart).
 */
public record ReferenceValueListing(
    String name, String expiration, boolean expired, JsonNode value, String source) {

  public ReferenceValueListing(String name, String expiration, boolean expired, JsonNode value) {
    this(name, expiration, expired, value, "api");
  }
}
