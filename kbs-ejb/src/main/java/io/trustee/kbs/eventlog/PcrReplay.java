package io.trustee.kbs.eventlog;

import io.trustee.kbs.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays an {@link EventLog} into final PCR values, as the TCG PC Client Platform Firmware Profile
 * (§10.4.5 and §3.3.4.7) prescribes:
 *
 * <ul>
 *   <li>{@code PCR_new = H(PCR_old || digest)} with the record's own digest for that bank (the
 *       event data is not re-hashed: a payload that does not match its digest is normal);
 *   <li>{@code EV_NO_ACTION} records are never extended;
 *   <li>a {@code StartupLocality} EV_NO_ACTION event ({@code "StartupLocality\0"} + one byte) sets
 *       the last byte of PCR 0's starting value in every bank to that locality;
 *   <li>PCRs 17–22 start at all {@code 0xFF} bytes, the others at zero.
 * </ul>
 *
 * Only PCRs the log extends appear in the result. Stateless and thread-safe.
 */
public final class PcrReplay {
  private static final byte[] STARTUP_LOCALITY =
      "StartupLocality\0".getBytes(StandardCharsets.US_ASCII);

  private PcrReplay() {}

  /** Bank → (PCR index → lowercase hex), sorted by index. */
  static Map<TpmHashAlgorithm, Map<Integer, String>> replay(EventLog log) {
    int locality = 0;
    for (TcgEvent e : log.events()) {
      byte[] data = e.data();
      if (e.isNoAction()
          && e.pcrIndex() == 0
          && data.length == STARTUP_LOCALITY.length + 1
          && Arrays.equals(
              data, 0, STARTUP_LOCALITY.length, STARTUP_LOCALITY, 0, STARTUP_LOCALITY.length)) {
        locality = data[STARTUP_LOCALITY.length] & 0xff;
      }
    }
    final int startupLocality = locality;
    Map<TpmHashAlgorithm, Map<Integer, String>> out = new EnumMap<>(TpmHashAlgorithm.class);
    for (TpmHashAlgorithm bank : log.specIdAlgorithms()) {
      Map<Integer, byte[]> pcrs = new HashMap<>();
      for (TcgEvent e : log.events()) {
        if (e.isNoAction() || !e.digests().containsKey(bank)) {
          continue;
        }
        int index = (int) e.pcrIndex();
        byte[] old = pcrs.computeIfAbsent(index, i -> initialValue(bank, i, startupLocality));
        pcrs.put(index, bank.hash(old, e.digest(bank)));
      }
      Map<Integer, String> hex = new TreeMap<>();
      pcrs.forEach((i, v) -> hex.put(i, Bytes.toHex(v)));
      if (!hex.isEmpty()) {
        out.put(bank, Collections.unmodifiableMap(hex));
      }
    }
    return out;
  }

  static byte[] initialValue(TpmHashAlgorithm bank, int pcr, int startupLocality) {
    byte[] v = new byte[bank.digestSize()];
    if (pcr >= 17 && pcr <= 22) {
      Arrays.fill(v, (byte) 0xff);
    } else if (pcr == 0) {
      v[v.length - 1] = (byte) startupLocality;
    }
    return v;
  }
}
