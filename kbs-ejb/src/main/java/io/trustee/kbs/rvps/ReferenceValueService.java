package io.trustee.kbs.rvps;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The RVPS use cases: register (a §2 message, or a bare runbook array R4 — the two bodies the admin
 * endpoint {@code POST /kbs/v0/reference-value} accepts), query, list, delete, history and expiry.
 *
 * <p>Expiry: {@link #query} behaves as upstream and returns a value even when it has expired;
 * {@link #lookupForAppraisal} — what the attestation service uses for {@code query_reference_value}
 * — treats expired values as absent and says so in its result, so the "why denied" record can
 * report "expired".
 *
 * <p>Thread-safe if the repository is; registration stores the values one by one after the whole
 * message has been checked (a failing message stores nothing).
 */
public final class ReferenceValueService {
  private static final Logger LOG = Logger.getLogger(ReferenceValueService.class.getName());

  private final ReferenceValueRepository repository;
  private final ProvenanceVerifier provenance;
  private final Map<String, ReferenceValueExtractor> extractors;
  private final Clock clock;

  /** With the {@code sample}, {@code swid}, {@code corim} and {@code runbook} extractors. */
  public ReferenceValueService(
      ReferenceValueRepository repository, ProvenanceVerifier provenance, Clock clock) {
    this(
        repository,
        provenance,
        List.of(
            new SampleExtractor(),
            new SwidExtractor(),
            new CorimExtractor(),
            new RunbookExtractor()),
        clock);
  }

  public ReferenceValueService(
      ReferenceValueRepository repository,
      ProvenanceVerifier provenance,
      Collection<? extends ReferenceValueExtractor> extractors,
      Clock clock) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    this.clock = Objects.requireNonNull(clock, "clock");
    Map<String, ReferenceValueExtractor> m = new HashMap<>();
    for (ReferenceValueExtractor e : extractors) {
      if (m.put(e.type(), e) != null) {
        throw new IllegalArgumentException("two extractors for type " + e.type());
      }
    }
    this.extractors = Map.copyOf(m);
  }

  /**
   * Registers the body of {@code POST /kbs/v0/reference-value}: a registration message object (§2,
   * optionally signed) or a bare runbook array (R4, never signed).
   *
   * @return the values stored
   * @throws UnsignedProvenanceException if unsigned input arrives while signatures are required
   * @throws ProvenanceException if a signature does not verify
   * @throws InvalidReferenceValueException for any malformed input (nothing is stored)
   * @throws FileOwnedException if a mounted file owns one of the values (nothing is stored)
   */
  public List<ReferenceValue> register(String body) throws InvalidReferenceValueException {
    JsonNode json =
        JsonText.parse(
            Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8), "body");
    List<ReferenceValue> values;
    if (json.isArray()) {
      if (provenance.requireSigned()) {
        throw new UnsignedProvenanceException("a bare runbook document");
      }
      RunbookDocument.Result r = RunbookDocument.toReferenceValues(json, clock.instant());
      r.warnings().forEach(LOG::warning);
      values = r.values();
    } else {
      values = extract(RegistrationMessage.fromJson(json));
    }
    storeAll(values);
    return values;
  }

  /** Verifies provenance and runs the extractor, without storing. */
  public List<ReferenceValue> extract(RegistrationMessage message)
      throws InvalidReferenceValueException {
    ReferenceValueExtractor extractor = extractors.get(message.type());
    if (extractor == null) {
      throw new InvalidReferenceValueException(
          "type",
          "unknown extractor type '" + message.type() + "' (known: " + extractors.keySet() + ")");
    }
    Optional<String> signer = provenance.verify(message);
    byte[] payload = Base64Text.decode(message.payload(), "payload");
    List<ReferenceValue> values = extractor.extract(payload, clock.instant());
    signer.ifPresent(
        k ->
            LOG.info(
                "reference values "
                    + names(values)
                    + " have provenance signed by publisher key "
                    + k));
    return values;
  }

  /**
   * Stores (replaces) values that reach the RVPS without a registration message, so without a
   * publisher's signature: a promoted appraisal, PCRs replayed from an event log. They pass the
   * same provenance rule as an unsigned message: refused while signatures are required ({@code
   * kbs.rvps.require-signed}), so that no admin path bypasses it. Nothing is stored then.
   *
   * @throws UnsignedProvenanceException if signatures are required
   */
  public void storeUnsigned(Collection<ReferenceValue> values) throws UnsignedProvenanceException {
    if (provenance.requireSigned()) {
      throw new UnsignedProvenanceException(
          "storing reference values "
              + names(List.copyOf(values))
              + " without a registration"
              + " message");
    }
    storeAll(values);
  }

  /**
   * Stores (replaces) every value, with no provenance check of its own: for values that passed
   * {@link #register} and for the operator's reference-value file ({@link
   * ReferenceValueFileWatcher}), which is configuration of the same standing as the publisher keys
   * themselves. Package-private so that no other path can store around the check.
   */
  void storeAll(Collection<ReferenceValue> values) {
    for (ReferenceValue v : values) {
      requireNotFileOwned(v.name());
    }
    values.forEach(repository::store);
  }

  /**
   * Stores the values of a mounted file as owned by {@code source} ({@code file:<path>}): a value
   * the API registered before becomes the file's. Only {@link ReferenceValueFileWatcher} calls it.
   */
  void storeFromFile(Collection<ReferenceValue> values, String source) {
    Objects.requireNonNull(source, "source");
    values.forEach(v -> repository.store(v, source));
  }

  /** Removes a file-owned value that its file no longer holds (history event REVOKED). */
  boolean revoke(String name) {
    return repository.remove(name, ReferenceValueHistoryEntry.Event.REVOKED);
  }

  /** Every current value that a file owns: name → source. */
  public Map<String, String> fileOwned() {
    return repository.owned();
  }

  /**
   * Revokes every value owned by a reference-value file other than {@code keepSource} (null: every
   * file): values of a file that is no longer configured do not stay trusted.
   *
   * @return the names revoked
   */
  public List<String> revokeFilesOtherThan(String keepSource) {
    List<String> revoked = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(repository.owned()).entrySet()) {
      if (e.getValue().startsWith(ReferenceValueFileWatcher.SOURCE_PREFIX)
          && !e.getValue().equals(keepSource)
          && revoke(e.getKey())) {
        revoked.add(e.getKey());
      }
    }
    return revoked;
  }

  private void requireNotFileOwned(String name) {
    Optional<String> source = repository.sourceOf(name);
    if (source.isPresent()) {
      throw new FileOwnedException(name, source.get());
    }
  }

  /** Upstream query semantics: the stored value, even if expired. */
  public Optional<JsonNode> query(String name) {
    return repository.findByName(name).map(ReferenceValue::value);
  }

  /** Appraisal-side lookup: expired values are reported as such and not given to policies. */
  public ReferenceValueLookupResult lookupForAppraisal(String name) {
    Optional<ReferenceValue> rv = repository.findByName(name);
    if (rv.isEmpty()) {
      return new ReferenceValueLookupResult(
          name, ReferenceValueLookupResult.Status.ABSENT, Optional.empty());
    }
    boolean expired = rv.get().isExpiredAt(clock.instant());
    return new ReferenceValueLookupResult(
        name,
        expired
            ? ReferenceValueLookupResult.Status.EXPIRED
            : ReferenceValueLookupResult.Status.FOUND,
        rv);
  }

  /** {@link #lookupForAppraisal} for several names at once: one result per name. */
  public Map<String, ReferenceValueLookupResult> lookupAllForAppraisal(Collection<String> names) {
    Map<String, ReferenceValue> found = repository.findByNames(names);
    Instant now = clock.instant();
    Map<String, ReferenceValueLookupResult> out = new java.util.LinkedHashMap<>();
    for (String name : names) {
      ReferenceValue rv = found.get(name);
      out.put(
          name,
          rv == null
              ? new ReferenceValueLookupResult(
                  name, ReferenceValueLookupResult.Status.ABSENT, Optional.empty())
              : new ReferenceValueLookupResult(
                  name,
                  rv.isExpiredAt(now)
                      ? ReferenceValueLookupResult.Status.EXPIRED
                      : ReferenceValueLookupResult.Status.FOUND,
                  Optional.of(rv)));
    }
    return out;
  }

  public Optional<ReferenceValue> find(String name) {
    return repository.findByName(name);
  }

  public List<ReferenceValue> list() {
    return repository.findAll();
  }

  /** Values whose expiration has passed (still stored; ignored by appraisal). */
  public List<ReferenceValue> expired() {
    Instant now = clock.instant();
    return repository.findAll().stream().filter(v -> v.isExpiredAt(now)).toList();
  }

  /**
   * Deletes an API-registered value.
   *
   * @throws FileOwnedException if a mounted file owns the value (nothing is deleted)
   */
  public boolean delete(String name) {
    requireNotFileOwned(name);
    return repository.delete(name);
  }

  /** Every stored version and removal of {@code name}, newest first; empty for an unknown name. */
  public List<ReferenceValueHistoryEntry> history(String name) {
    List<ReferenceValueHistoryEntry> h = new ArrayList<>(repository.history(name));
    Collections.reverse(h);
    return h;
  }

  public Instant now() {
    return clock.instant();
  }

  private static List<String> names(List<ReferenceValue> values) {
    return values.stream().map(ReferenceValue::name).toList();
  }
}
