package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.rvps.FileOwnedException;
import io.trustee.kbs.rvps.InvalidReferenceValueException;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueHistoryEntry;
import io.trustee.kbs.rvps.ReferenceValueService;
import io.trustee.kbs.service.KbsException.Refusal;
import io.trustee.kbs.util.LogSafe;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Reference values through the admin API (kbs-protocol.md §9.4–9.5, rvps.md §4.2): register (an
 * RVPS message, optionally signed, or the runbook document), query, and our additions list (with
 * expiry state), delete and history. Failures are 401 {@code RvpsError} as upstream, with a detail
 * naming the field; nothing is stored when any part of a registration is invalid (one transaction).
 * A value owned by the reference-value file cannot be changed or deleted through the API: 409
 * {@code RvpsError} naming the file.
 */
@Stateless
public class ReferenceValueAdminService {
  private static final Logger LOG = Logger.getLogger(ReferenceValueAdminService.class.getName());

  @Inject RvpsConfig rvps;
  @Inject AuditScope audit;

  public List<String> register(byte[] body) {
    ReferenceValueService service = rvps.service();
    try {
      List<ReferenceValue> stored = service.register(new String(body, StandardCharsets.UTF_8));
      List<String> names = stored.stream().map(ReferenceValue::name).toList();
      audit.target(String.join(",", names));
      LOG.info(() -> "admin: reference values registered: " + LogSafe.escape(names.toString()));
      return names;
    } catch (InvalidReferenceValueException e) {
      throw new KbsException(KbsError.RvpsError, e.getMessage());
    } catch (FileOwnedException e) {
      throw fileOwned(e);
    }
  }

  /** 409 {@code RvpsError} naming the file that owns the value. */
  static KbsException fileOwned(FileOwnedException e) {
    return new KbsException(KbsError.RvpsError, Refusal.CONFLICT, e.getMessage());
  }

  public JsonNode query(String name) {
    return rvps.service()
        .query(name)
        .orElseThrow(
            () -> new KbsException(KbsError.RvpsError, "reference value not found: " + name));
  }

  /** Every current value with its expiry and whether appraisal still uses it. */
  public List<ReferenceValueListing> list() {
    ReferenceValueService service = rvps.service();
    Instant now = service.now();
    Map<String, String> files = service.fileOwned();
    return service.list().stream()
        .map(
            v ->
                new ReferenceValueListing(
                    v.name(),
                    ReferenceValue.formatExpiration(v.expiration()),
                    v.isExpiredAt(now),
                    v.value(),
                    files.getOrDefault(v.name(), "api")))
        .toList();
  }

  public void delete(String name) {
    try {
      if (!rvps.service().delete(name)) {
        throw new KbsException(KbsError.RvpsError, "reference value not found: " + name);
      }
    } catch (FileOwnedException e) {
      throw fileOwned(e);
    }
    LOG.info(() -> "admin: reference value " + LogSafe.escape(name) + " deleted");
  }

  /**
   * Every recorded version of {@code name}, newest first: when it was recorded, what happened
   * ({@code stored}, {@code deleted} by the API, {@code revoked} because its file dropped it), its
   * expiration, record version and value, and the source ({@code api} or {@code file:<path>}). 404
   * {@code RvpsError} for a name that was never stored.
   */
  public List<ReferenceValueVersion> history(String name) {
    List<ReferenceValueHistoryEntry> entries = rvps.service().history(name);
    if (entries.isEmpty()) {
      throw new KbsException(
          KbsError.RvpsError,
          Refusal.NOT_FOUND,
          "no reference value named '" + name + "' was ever stored");
    }
    return entries.stream()
        .map(
            e ->
                new ReferenceValueVersion(
                    ReferenceValue.formatExpiration(e.recordedAt()),
                    e.event().name().toLowerCase(java.util.Locale.ROOT),
                    e.source().orElse("api"),
                    e.value().version(),
                    ReferenceValue.formatExpiration(e.value().expiration()),
                    e.value().value()))
        .toList();
  }
}
