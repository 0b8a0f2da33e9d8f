package io.trustee.kbs.util;

import java.security.MessageDigest;
import java.util.HexFormat;

/** Byte helpers: constant-time comparison and lowercase hex. Stateless and thread-safe. */
public final class Bytes {
  private static final HexFormat HEX = HexFormat.of();

  private Bytes() {}

  /**
   * Compares two byte arrays in time that depends only on their lengths. Use for anything secret or
   * attacker-influenced that is compared against an expected value (MACs, nonces, digests).
   */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a, b);
  }

  /** Lowercase hex, two digits per byte. */
  public static String toHex(byte[] b) {
    return HEX.formatHex(b);
  }

  /** Parses hex (upper or lower case); throws IllegalArgumentException on bad input. */
  public static byte[] fromHex(String s) {
    if (s == null || (s.length() & 1) != 0) {
      throw new IllegalArgumentException("hex string must have an even length");
    }
    return HEX.parseHex(s);
  }
}
