package io.trustee.kbs.service;

import io.trustee.kbs.session.SessionRepository;
import io.trustee.kbs.store.AppraisalRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * One batch of a purge, in its own transaction ({@link Housekeeping} loops until a batch comes back
 * short): a purge of a large backlog (a million appraisal records past their retention, a burst of
 * expired sessions) never becomes one long transaction that holds locks the requests need, and a
 * failure loses only its batch.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class PurgeBatches {
  /**
   * Rows per batch: deleted by primary key, well below Derby's lock escalation threshold (5000 row
   * locks), so a batch never takes a table lock that /auth's inserts would queue behind.
   */
  public static final int BATCH = 500;

  @Inject SessionRepository sessions;
  @Inject AppraisalRepository appraisals;

  public int expiredSessions(Instant now) {
    return sessions.purgeExpired(now, BATCH);
  }

  public int appraisalsOlderThan(Instant before) {
    return appraisals.purgeOlderThan(before, BATCH);
  }
}
