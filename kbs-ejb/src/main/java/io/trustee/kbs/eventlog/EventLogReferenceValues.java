package io.trustee.kbs.eventlog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trustee.kbs.rvps.ReferenceValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns replayed PCR values into reference values: one record per PCR, named {@code <prefix>_pcrNN}
 * (e.g. {@code snp_pcr11}, the name the default CPU policy checks for az-snp-vtpm) or plain {@code
 * pcrNN} (the claim names under {@code tpm} of the az-snp-vtpm verifier) when the prefix is empty,
 * with a one-element array of the lowercase hex digest and the default expiry. Only PCRs the log
 * extends are produced. Stateless and thread-safe.
 */
public final class EventLogReferenceValues {
  private EventLogReferenceValues() {}

  /** Name for one PCR: {@code <prefix>_pcrNN}, or {@code pcrNN} if the prefix is empty/null. */
  public static String name(String prefix, int pcr) {
    String base = String.format("pcr%02d", pcr);
    return prefix == null || prefix.isEmpty() ? base : prefix + "_" + base;
  }

  /**
   * Reference values for the {@code bank} of a replay result.
   *
   * @throws EventLogException if the log does not extend any PCR in that bank
   */
  public static List<ReferenceValue> fromReplay(
      Map<TpmHashAlgorithm, Map<Integer, String>> replay,
      TpmHashAlgorithm bank,
      String prefix,
      Instant now)
      throws EventLogException {
    Objects.requireNonNull(bank, "bank");
    Map<Integer, String> pcrs = replay.get(bank);
    if (pcrs == null || pcrs.isEmpty()) {
      throw new EventLogException("the event log has no " + bank.bankName() + " bank");
    }
    List<ReferenceValue> out = new ArrayList<>();
    pcrs.forEach(
        (pcr, hex) -> {
          ArrayNode arr = JsonNodeFactory.instance.arrayNode().add(hex);
          out.add(ReferenceValue.withDefaultExpiry(name(prefix, pcr), arr, now));
        });
    return out;
  }

  /** Parses, replays and converts in one step. */
  public static List<ReferenceValue> fromLog(
      byte[] log, TpmHashAlgorithm bank, String prefix, Instant now) throws EventLogException {
    return fromReplay(EventLog.parse(log).replay(), bank, prefix, now);
  }
}
