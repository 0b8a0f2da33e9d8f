package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /kbs/v0/kek}: the active key-encryption key id, the ids this replica can open, and how
 * many stored secrets and signing keys each id seals ({@code {"active_kek", "known_keks",
 * "secrets_by_kek", "signing_keys_by_kek"}}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KekStatus(
    String activeKek,
    List<String> knownKeks,
    Map<String, Long> secretsByKek,
    Map<String, Long> signingKeysByKek) {}
