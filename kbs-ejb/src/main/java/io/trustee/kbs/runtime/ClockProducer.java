package io.trustee.kbs.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The clock every time-dependent decision uses (session and token expiry): UTC system time. */
@ApplicationScoped
public class ClockProducer {
  @Produces
  public Clock clock() {
    return Clock.systemUTC();
  }
}
