package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.as.AppraisalSummary;
import io.trustee.kbs.eventlog.EventLogException;
import io.trustee.kbs.eventlog.EventLogReferenceValues;
import io.trustee.kbs.eventlog.TpmHashAlgorithm;
import io.trustee.kbs.rvps.FileOwnedException;
import io.trustee.kbs.rvps.InvalidReferenceValueException;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.UnsignedProvenanceException;
import io.trustee.kbs.service.KbsException.Refusal;
import io.trustee.kbs.store.AppraisalOutline;
import io.trustee.kbs.store.AppraisalRepository;
import io.trustee.kbs.store.StoredAppraisal;
import io.trustee.kbs.util.LogSafe;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The administrator's side of "why denied" and of reference-value management beyond upstream: the
 * full appraisal records of recent attestations (by session or time), promotion of a failed
 * attestation's observed measurements into reference values after review, and reference values from
 * a TCG event log. (The resource-policy dry run is {@link ResourcePolicyEngine#dryRun}.)
 */
@Stateless
public class AppraisalAdminService {
  private static final Logger LOG = Logger.getLogger(AppraisalAdminService.class.getName());

  @Inject AppraisalRepository appraisals;
  @Inject RvpsConfig rvps;
  @Inject Clock clock;

  private static ObjectNode toJson(StoredAppraisal a) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", a.id());
    o.put("session", a.sessionId());
    o.put("time", a.createdAt().toString());
    o.put("tee", a.tee());
    o.put("status", a.status().wire());
    o.set("record", a.record());
    return o;
  }

  /** Records by session id, or the newest since a time (default: the last hour). */
  public ArrayNode records(String session, String since, int limit) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    if (session != null && !session.isBlank()) {
      appraisals.findBySession(session).map(AppraisalAdminService::toJson).ifPresent(out::add);
      return out;
    }
    Instant from;
    try {
      from =
          since == null || since.isBlank()
              ? clock.instant().minus(Duration.ofHours(1))
              : Instant.parse(since);
    } catch (RuntimeException e) {
      throw new KbsException(
          KbsError.SerdeError,
          Refusal.INVALID_INPUT,
          "since must be an ISO-8601 instant such as 2026-11-29T18:00:00Z");
    }
    appraisals.recent(from, Math.max(1, Math.min(limit, 500))).forEach(a -> out.add(toJson(a)));
    return out;
  }

  /** How many outlines a summary counts, and how many not-affirming bodies it splits by outcome. */
  static final int SUMMARY_MAX_OUTLINES = 100_000;

  static final int SUMMARY_MAX_BODIES = 1_000;

  /**
   * Attestations of the last {@code window} ({@code 1h}, {@code 24h}, or ISO-8601 such as {@code
   * PT6H}; at most 7 days) by outcome in twelve to twenty-four buckets, with the most frequent
   * failed claims and refused checks ({@link AppraisalSummary}).
   */
  public ObjectNode summary(String window) {
    Duration w;
    try {
      w =
          switch (window == null ? "1h" : window.trim()) {
            case "1h", "" -> Duration.ofHours(1);
            case "24h", "1d" -> Duration.ofDays(1);
            default -> Duration.parse(window.trim());
          };
    } catch (RuntimeException e) {
      w = Duration.ZERO;
    }
    if (w.compareTo(Duration.ofMinutes(1)) < 0 || w.compareTo(Duration.ofDays(7)) > 0) {
      throw new KbsException(
          KbsError.SerdeError,
          Refusal.INVALID_INPUT,
          "window must be 1h, 24h or an ISO-8601 duration between PT1M and P7D");
    }
    Duration bucket = w.compareTo(Duration.ofHours(2)) <= 0 ? w.dividedBy(12) : w.dividedBy(24);
    Instant to = clock.instant();
    Instant from = to.minus(w);
    List<AppraisalOutline> outlines = appraisals.outlines(from, SUMMARY_MAX_OUTLINES);
    List<StoredAppraisal> failed = appraisals.recentNotAffirming(from, SUMMARY_MAX_BODIES);
    return AppraisalSummary.of(
        outlines, failed, from, to, bucket, outlines.size() < SUMMARY_MAX_OUTLINES);
  }

  public ObjectNode record(long id) {
    return appraisals
        .find(id)
        .map(AppraisalAdminService::toJson)
        .orElseThrow(
            () ->
                new KbsException(
                    KbsError.RvpsError, Refusal.NOT_FOUND, "no appraisal record " + id));
  }

  /** The reference values that promoting record {@code id} would store (nothing is stored). */
  public ArrayNode proposal(long id) {
    JsonNode p = record(id).path("record").path("proposed_reference_values");
    return p.isArray() ? (ArrayNode) p : JsonNodeFactory.instance.arrayNode();
  }

  /** Stores the proposal of record {@code id} (after the administrator reviewed it). */
  public List<String> promote(long id) {
    return promote(id, List.of());
  }

  /**
   * Stores the proposed values of record {@code id} named in {@code only} (all of them when empty,
   * as the console's "selected PCRs only"); a name the proposal does not hold is a 400 naming it.
   */
  public List<String> promote(long id, List<String> only) {
    ArrayNode proposal = proposal(id);
    if (proposal.isEmpty()) {
      throw new KbsException(
          KbsError.RvpsError,
          Refusal.INVALID_INPUT,
          "appraisal " + id + " has no measurement or PCR to promote");
    }
    List<ReferenceValue> values = new ArrayList<>();
    try {
      for (JsonNode v : proposal) {
        values.add(ReferenceValue.fromJson(v, "proposed_reference_values", null));
      }
      if (!only.isEmpty()) {
        List<String> proposed = values.stream().map(ReferenceValue::name).toList();
        List<String> unknown = only.stream().filter(n -> !proposed.contains(n)).toList();
        if (!unknown.isEmpty()) {
          throw new KbsException(
              KbsError.RvpsError,
              Refusal.INVALID_INPUT,
              "name: appraisal "
                  + id
                  + " proposes no "
                  + LogSafe.escape(String.join(", ", unknown))
                  + " (it proposes "
                  + String.join(", ", proposed)
                  + ")");
        }
        values.removeIf(v -> !only.contains(v.name()));
      }
    } catch (InvalidReferenceValueException e) {
      throw new KbsException(KbsError.RvpsError, e.getMessage());
    }
    store(values);
    List<String> names = values.stream().map(ReferenceValue::name).toList();
    LOG.info(
        () ->
            "admin: appraisal "
                + id
                + " promoted to reference values "
                + LogSafe.escape(names.toString()));
    return names;
  }

  /**
   * Reference values from a binary TCG event log: replays the bank, names the PCRs with the prefix
   * ({@code snp} → {@code snp_pcr03}, empty → {@code pcr03}), stores them when asked.
   */
  public ArrayNode fromEventLog(byte[] log, String bank, String prefix, boolean register) {
    TpmHashAlgorithm algorithm =
        TpmHashAlgorithm.byBankName(bank == null || bank.isBlank() ? "sha256" : bank)
            .orElseThrow(
                () ->
                    new KbsException(
                        KbsError.RvpsError,
                        Refusal.INVALID_INPUT,
                        "bank must be sha1, sha256, sha384 or sha512"));
    List<ReferenceValue> values;
    try {
      values = EventLogReferenceValues.fromLog(log, algorithm, prefix, clock.instant());
    } catch (EventLogException e) {
      throw new KbsException(
          KbsError.RvpsError, Refusal.INVALID_INPUT, "event log: " + e.getMessage());
    }
    if (register) {
      store(values);
      LOG.info(
          () -> "admin: " + values.size() + " PCR reference values registered from an event log");
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    values.forEach(v -> out.add(v.toJson()));
    return out;
  }

  /**
   * Stores values that have no publisher signature through the RVPS's provenance rule: with {@code
   * kbs.rvps.require-signed} on, 403 {@code RvpsError} saying that a signed RVPS message is needed
   * (the review endpoints still show the values, for the publisher to sign).
   */
  private void store(List<ReferenceValue> values) {
    try {
      rvps.service().storeUnsigned(values);
    } catch (FileOwnedException e) {
      throw ReferenceValueAdminService.fileOwned(e);
    } catch (UnsignedProvenanceException e) {
      throw new KbsException(
          KbsError.RvpsError,
          Refusal.FORBIDDEN,
          "kbs.rvps.require-signed is on: "
              + e.getMessage()
              + ". Register them as a signed RVPS"
              + " message (POST /kbs/v0/reference-value with a \"signature\" by a publisher key);"
              + " review them first with GET …/promotion or register=false");
    }
  }
}
