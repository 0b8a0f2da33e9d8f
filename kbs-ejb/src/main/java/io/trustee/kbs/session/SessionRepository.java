package io.trustee.kbs.session;

import io.trustee.kbs.protocol.SessionId;
import java.time.Instant;
import java.util.Optional;

/**
 * Storage of RCAR sessions, shared by every replica (implemented with JPA in kbs-persistence).
 * Callers run inside a transaction.
 */
public interface SessionRepository {

  void create(KbsSession session);

  /** The stored session, expired or not; callers decide (and purge) on expiry. */
  Optional<KbsSession> find(SessionId id);

  /** Stores the token and moves the session to ATTESTED; expiry is unchanged. */
  void markAttested(SessionId id, String token);

  void delete(SessionId id);

  /** How many sessions expire after {@code now} (the live ones). */
  long countLive(Instant now);

  /**
   * Deletes at most {@code maxRows} of the sessions whose expiry is not after {@code now}, oldest
   * expiry first; returns how many.
   */
  int purgeExpired(Instant now, int maxRows);
}
