package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.kbs.eventlog.EventLog;
import io.trustee.kbs.eventlog.EventLogException;
import io.trustee.kbs.eventlog.EventLogReferenceValues;
import io.trustee.kbs.eventlog.TpmHashAlgorithm;
import java.time.Instant;

/**
 * Fuzz target: the TCG PC Client event log (legacy SHA-1 and crypto-agile), its PCR replay and the
 * conversion to reference values, as {@code POST /kbs/v0/reference-value/from-eventlog} runs them.
 * Typed error: EventLogException.
 */
class EventLogFuzzTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @FuzzTest(maxExecutions = 50_000, maxDuration = "20s")
  void eventLog(byte[] data) {
    if (data.length > FuzzProperty.MAX_BODY) {
      return;
    }
    FuzzProperty.onlyTypedErrors(
        "EventLog.parse",
        () -> {
          EventLog log = EventLog.parse(data);
          log.events().forEach(Object::toString);
          for (TpmHashAlgorithm bank : log.specIdAlgorithms()) {
            EventLogReferenceValues.fromReplay(log.replay(), bank, "snp", NOW);
          }
        },
        EventLogException.class);
  }
}
