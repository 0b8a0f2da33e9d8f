package io.trustee.kbs.eventlog;

/** Hand-built event logs for the fuzz seed corpus (uses {@link EventLogTest}'s composers). */
public final class EventLogSeeds {
  private EventLogSeeds() {}

  /** A crypto-agile log with the SHA-256 bank and three measurements. */
  public static byte[] agile() {
    int sha256 = TpmHashAlgorithm.SHA256.algId();
    return EventLogTest.agileLog(
        new int[] {sha256},
        EventLogTest.concat(
            EventLogTest.record(0, 0x80000008, sha256, new byte[32]),
            EventLogTest.record(4, 0x80000003, sha256, filled(32, 0x11), "grub".getBytes()),
            EventLogTest.record(9, 0x0d, sha256, filled(32, 0x22), "linux".getBytes())));
  }

  /** A legacy SHA-1 log of two records. */
  public static byte[] legacy() {
    java.nio.ByteBuffer b = EventLogTest.le(2 * (4 + 4 + 20 + 4) + 3);
    b.putInt(0).putInt(8).put(filled(20, 0x33)).putInt(0);
    b.putInt(7).putInt(0x80000001).put(filled(20, 0x44)).putInt(3).put("abc".getBytes());
    return b.array();
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }
}
