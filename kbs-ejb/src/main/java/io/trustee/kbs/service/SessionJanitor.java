package io.trustee.kbs.service;

import io.trustee.kbs.session.SessionRepository;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes expired RCAR sessions every minute, as upstream does (kbs-protocol.md §4). Expired
 * sessions are already refused on use; this keeps the table small. Non-persistent timer: every
 * replica runs it, and the delete is idempotent.
 */
@Singleton
public class SessionJanitor {
  private static final Logger LOG = Logger.getLogger(SessionJanitor.class.getName());

  @Inject SessionRepository sessions;
  @Inject Clock clock;

  @Schedule(hour = "*", minute = "*", second = "17", persistent = false)
  public void purgeExpired() {
    int n = sessions.purgeExpired(clock.instant());
    if (n > 0) {
      LOG.log(Level.FINE, "purged {0} expired sessions", n);
    }
  }
}
