package io.trustee.kbs.eventlog;

import io.trustee.kbs.util.ByteReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed TCG PC Client firmware event log.
 *
 * <p>Layouts (TCG PC Client Platform Firmware Profile Specification, §10.2, all integers
 * little-endian):
 *
 * <pre>
 * TCG_PCR_EVENT (legacy, and the first record of a crypto-agile log):
 *   u32 pcrIndex | u32 eventType | 20-byte SHA-1 digest | u32 eventSize | event[eventSize]
 * TCG_EfiSpecIDEvent (event data of that first record, type EV_NO_ACTION, PCR 0):
 *   "Spec ID Event03\0" (16) | u32 platformClass | u8 minor | u8 major | u8 errata | u8 uintnSize
 *   | u32 numberOfAlgorithms | { u16 algId | u16 digestSize } * n | u8 vendorInfoSize | vendorInfo
 * TCG_PCR_EVENT2 (all later records of a crypto-agile log):
 *   u32 pcrIndex | u32 eventType | u32 digestCount | { u16 algId | digest[size from the header] } *
 *   digestCount | u32 eventSize | event[eventSize]
 * </pre>
 *
 * A log whose first record is not the Spec ID event is a legacy SHA-1 log: every record has the
 * {@code TCG_PCR_EVENT} layout and is a measurement. Digest sizes in crypto-agile records are
 * looked up by algorithm id in the header's table, never by position (Azure logs list sha384
 * first).
 *
 * <p>Immutable and thread-safe.
 */
public final class EventLog {
  /** Layout of the format found. */
  public enum Format {
    CRYPTO_AGILE,
    SHA1_LEGACY
  }

  private static final byte[] SPEC_ID_SIGNATURE =
      "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);
  private static final int SHA1_DIGEST_SIZE = 20;

  /** TPM 2.0 PC Client PTP: PCRs 0–23. */
  static final int PCR_COUNT = 24;

  /** Upper bound on digests per record; real logs have one per active bank (at most 5). */
  private static final long MAX_DIGESTS = 16;

  private final Format format;
  private final List<TpmHashAlgorithm> specIdAlgorithms;
  private final List<TcgEvent> events;

  private EventLog(Format format, List<TpmHashAlgorithm> specIdAlgorithms, List<TcgEvent> events) {
    this.format = format;
    this.specIdAlgorithms = List.copyOf(specIdAlgorithms);
    this.events = List.copyOf(events);
  }

  /**
   * Parses a binary event log.
   *
   * @throws EventLogException if the log is empty, truncated, names an unknown or undeclared hash
   *     algorithm or a PCR index above 23 for a measurement, or has trailing garbage
   */
  public static EventLog parse(byte[] log) throws EventLogException {
    if (log == null || log.length == 0) {
      throw new EventLogException("empty event log: the file has no records");
    }
    ByteReader r = new ByteReader(log);
    try {
      List<TcgEvent> events = new ArrayList<>();
      TcgEvent first = readLegacy(r, 0);
      Optional<Map<Integer, Integer>> specId = specIdAlgorithms(first);
      if (specId.isEmpty()) {
        checkMeasurementPcr(first);
        events.add(first);
        while (r.hasRemaining()) {
          TcgEvent e = readLegacy(r, events.size());
          checkMeasurementPcr(e);
          events.add(e);
        }
        return new EventLog(Format.SHA1_LEGACY, List.of(TpmHashAlgorithm.SHA1), events);
      }
      Map<Integer, Integer> sizes = specId.get();
      List<TpmHashAlgorithm> algs = new ArrayList<>();
      for (int id : sizes.keySet()) {
        TpmHashAlgorithm.byAlgId(id).ifPresent(algs::add);
      }
      events.add(first);
      while (r.hasRemaining()) {
        TcgEvent e = readAgile(r, events.size(), sizes);
        checkMeasurementPcr(e);
        events.add(e);
      }
      return new EventLog(Format.CRYPTO_AGILE, algs, events);
    } catch (ByteReader.TruncatedException e) {
      throw new EventLogException(
          "truncated event log at byte " + r.position() + ": " + e.getMessage(), e);
    }
  }

  private static TcgEvent readLegacy(ByteReader r, int seq) {
    long pcr = r.u32le("record " + seq + " pcrIndex");
    long type = r.u32le("record " + seq + " eventType");
    byte[] digest = r.bytes("record " + seq + " SHA-1 digest", SHA1_DIGEST_SIZE);
    byte[] data = readEventData(r, seq);
    Map<TpmHashAlgorithm, String> d = new EnumMap<>(TpmHashAlgorithm.class);
    d.put(TpmHashAlgorithm.SHA1, io.trustee.kbs.util.Bytes.toHex(digest));
    return new TcgEvent(seq, pcr, type, d, data);
  }

  private static byte[] readEventData(ByteReader r, int seq) {
    long size = r.u32le("record " + seq + " eventSize");
    // A size above Integer.MAX_VALUE is clamped; the reader then reports the truncation.
    return r.bytes("record " + seq + " event data", (int) Math.min(size, Integer.MAX_VALUE));
  }

  private static TcgEvent readAgile(ByteReader r, int seq, Map<Integer, Integer> sizes)
      throws EventLogException {
    long pcr = r.u32le("record " + seq + " pcrIndex");
    long type = r.u32le("record " + seq + " eventType");
    long count = r.u32le("record " + seq + " digest count");
    if (count == 0 || count > MAX_DIGESTS) {
      throw new EventLogException("record " + seq + ": implausible digest count " + count);
    }
    Map<TpmHashAlgorithm, String> digests = new EnumMap<>(TpmHashAlgorithm.class);
    for (int i = 0; i < count; i++) {
      int algId = r.u16le("record " + seq + " digest " + i + " algId");
      Integer size = sizes.get(algId);
      if (size == null) {
        throw new EventLogException(
            String.format(
                "record %d: digest algorithm 0x%04x is not declared in the Spec ID header",
                seq, algId));
      }
      byte[] digest = r.bytes("record " + seq + " digest " + i, size);
      Optional<TpmHashAlgorithm> alg = TpmHashAlgorithm.byAlgId(algId);
      if (alg.isPresent()) {
        digests.put(alg.get(), io.trustee.kbs.util.Bytes.toHex(digest));
      }
    }
    byte[] data = readEventData(r, seq);
    if (type != TcgEvent.EV_NO_ACTION && count != sizes.size()) {
      // Every measurement must be extended into every active bank; a record that skips one
      // would silently give that bank a wrong value.
      throw new EventLogException(
          "record "
              + seq
              + ": "
              + count
              + " digests, but the Spec ID "
              + "header declares "
              + sizes.size()
              + " banks");
    }
    return new TcgEvent(seq, pcr, type, digests, data);
  }

  /** Returns the algorithm table (algId → digest size) if the record is a Spec ID event. */
  private static Optional<Map<Integer, Integer>> specIdAlgorithms(TcgEvent first)
      throws EventLogException {
    byte[] data = first.data();
    if (first.pcrIndex() != 0
        || !first.isNoAction()
        || data.length < SPEC_ID_SIGNATURE.length
        || !Arrays.equals(
            data, 0, SPEC_ID_SIGNATURE.length, SPEC_ID_SIGNATURE, 0, SPEC_ID_SIGNATURE.length)) {
      return Optional.empty();
    }
    ByteReader r = new ByteReader(data);
    r.skip("Spec ID signature", SPEC_ID_SIGNATURE.length);
    r.u32le("Spec ID platformClass");
    r.u8("Spec ID specVersionMinor");
    r.u8("Spec ID specVersionMajor");
    r.u8("Spec ID specErrata");
    r.u8("Spec ID uintnSize");
    long n = r.u32le("Spec ID numberOfAlgorithms");
    if (n == 0 || n > MAX_DIGESTS) {
      throw new EventLogException("Spec ID header: implausible numberOfAlgorithms " + n);
    }
    Map<Integer, Integer> sizes = new java.util.LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int algId = r.u16le("Spec ID algorithm " + i + " id");
      int size = r.u16le("Spec ID algorithm " + i + " digestSize");
      Optional<TpmHashAlgorithm> known = TpmHashAlgorithm.byAlgId(algId);
      if (size == 0 || (known.isPresent() && known.get().digestSize() != size)) {
        throw new EventLogException(
            String.format("Spec ID header: algorithm 0x%04x declares digest size %d", algId, size));
      }
      sizes.put(algId, size);
    }
    int vendorSize = r.u8("Spec ID vendorInfoSize");
    r.skip("Spec ID vendorInfo", vendorSize);
    return Optional.of(sizes);
  }

  private static void checkMeasurementPcr(TcgEvent e) throws EventLogException {
    if (!e.isNoAction() && e.pcrIndex() >= PCR_COUNT) {
      throw new EventLogException(
          "record "
              + e.sequence()
              + ": PCR index "
              + e.pcrIndex()
              + " is out of range 0-23"
              + " (not a TCG event log?)");
    }
  }

  public Format format() {
    return format;
  }

  /** Banks declared by the Spec ID header, in header order ({@code [sha1]} for legacy logs). */
  public List<TpmHashAlgorithm> specIdAlgorithms() {
    return specIdAlgorithms;
  }

  /** Every record, including the Spec ID header record of a crypto-agile log. */
  public List<TcgEvent> events() {
    return events;
  }

  /**
   * Replays the log: final PCR values per bank for every PCR the log extends. See {@link
   * PcrReplay}.
   */
  public Map<TpmHashAlgorithm, Map<Integer, String>> replay() {
    return Collections.unmodifiableMap(PcrReplay.replay(this));
  }
}
