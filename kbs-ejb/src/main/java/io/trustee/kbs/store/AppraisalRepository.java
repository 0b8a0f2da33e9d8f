package io.trustee.kbs.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The appraisal records of recent attestations, for "why denied" explanations and the admin API.
 * Callers run in a transaction.
 */
public interface AppraisalRepository {

  /** Stores a record; returns its id. */
  long add(NewAppraisal appraisal);

  Optional<StoredAppraisal> find(long id);

  /**
   * The newest record of a session, by the id as the administrator sent it (a session id, or {@link
   * StoredAppraisal#AS_API_SESSION} for the newest AS API record).
   */
  Optional<StoredAppraisal> findBySession(String sessionId);

  /** The record of the attestation that issued the token with this SHA-256 (hex). */
  Optional<StoredAppraisal> findByTokenHash(String tokenHash);

  /** The newest records created at or after {@code since}, newest first, at most {@code limit}. */
  List<StoredAppraisal> recent(Instant since, int limit);

  /**
   * The outlines (no JSON body) of the records created at or after {@code since}, newest first, at
   * most {@code limit}.
   */
  List<AppraisalOutline> outlines(Instant since, int limit);

  /**
   * The newest records created at or after {@code since} whose status is not {@code affirming},
   * newest first, at most {@code limit}.
   */
  List<StoredAppraisal> recentNotAffirming(Instant since, int limit);

  /** How many records are stored. */
  long count();

  /**
   * Deletes the oldest records (by creation time, then id) so that at most {@code keep} remain, but
   * no more than {@code maxBatch} in one call; returns how many were deleted.
   */
  int evictOldest(long keep, int maxBatch);

  /** Deletes at most {@code maxRows} of the records older than {@code before}, oldest first. */
  int purgeOlderThan(Instant before, int maxRows);
}
