package io.trustee.kbs.eventlog;

import io.trustee.kbs.util.Bytes;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record of an event log: the PCR it extends, its event type, the digest per bank and the event
 * data. Digests are kept as lowercase hex so the record is immutable without array copies; event
 * data is copied in and out.
 *
 * @param sequence position in the file, counting from 0 (the Spec ID header record is 0 in a
 *     crypto-agile log)
 * @param pcrIndex the PCR index field
 * @param eventType the {@code EV_*} type
 * @param digests digest per bank (lowercase hex) for the banks this parser knows
 * @param data the event data
 */
public record TcgEvent(
    int sequence,
    long pcrIndex,
    long eventType,
    Map<TpmHashAlgorithm, String> digests,
    byte[] data) {

  /** {@code EV_NO_ACTION}: informational, never extended into a PCR. */
  public static final long EV_NO_ACTION = 0x00000003L;

  public TcgEvent {
    Objects.requireNonNull(digests, "digests");
    Objects.requireNonNull(data, "data");
    EnumMap<TpmHashAlgorithm, String> copy = new EnumMap<>(TpmHashAlgorithm.class);
    copy.putAll(digests);
    digests = Collections.unmodifiableMap(copy);
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The digest for one bank, as bytes. */
  public byte[] digest(TpmHashAlgorithm bank) {
    String hex = digests.get(bank);
    if (hex == null) {
      throw new IllegalArgumentException("record " + sequence + " has no " + bank.bankName());
    }
    return Bytes.fromHex(hex);
  }

  public boolean isNoAction() {
    return eventType == EV_NO_ACTION;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TcgEvent e
        && e.sequence == sequence
        && e.pcrIndex == pcrIndex
        && e.eventType == eventType
        && e.digests.equals(digests)
        && java.util.Arrays.equals(e.data, data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequence, pcrIndex, eventType, digests) * 31
        + java.util.Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "TcgEvent[#"
        + sequence
        + " pcr="
        + pcrIndex
        + " type=0x"
        + Long.toHexString(eventType)
        + " "
        + data.length
        + " bytes]";
  }
}
