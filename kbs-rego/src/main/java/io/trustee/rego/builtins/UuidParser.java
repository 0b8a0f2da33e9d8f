package io.trustee.rego.builtins;

import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code uuid.parse}: the input forms and fields of Go's {@code github.com/google/uuid}, as OPA
 * reports them. Stateless.
 */
final class UuidParser {
  /** 100-ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch. */
  private static final long GREGORIAN_TO_UNIX_100NS = 122_192_928_000_000_000L;

  private UuidParser() {}

  /** The UUID's fields, or null (undefined) when the string is not a UUID. */
  static Value parse(String s) {
    byte[] b = bytes(s);
    if (b == null) {
      return null;
    }
    int version = (b[6] & 0xff) >> 4;
    Map<Value, Value> o = new LinkedHashMap<>();
    o.put(StringValue.of("version"), NumberValue.of(version));
    o.put(StringValue.of("variant"), StringValue.of(variant(b[8])));
    if (version == 1 || version == 2) {
      long time = u32(b, 0) | (u16(b, 4) << 32) | ((u16(b, 6) & 0xfff) << 48);
      o.put(StringValue.of("time"), NumberValue.of((time - GREGORIAN_TO_UNIX_100NS) * 100));
      StringBuilder node = new StringBuilder();
      for (int i = 10; i < 16; i++) {
        if (i > 10) {
          node.append('-');
        }
        node.append(String.format(Locale.ROOT, "%02x", b[i] & 0xff));
      }
      o.put(StringValue.of("nodeid"), StringValue.of(node.toString()));
      o.put(
          StringValue.of("macvariables"),
          StringValue.of(
              ((b[10] & 0x02) != 0 ? "local" : "global")
                  + ":"
                  + ((b[10] & 0x01) != 0 ? "multicast" : "unicast")));
      o.put(StringValue.of("clocksequence"), NumberValue.of(u16(b, 8) & 0x3fff));
    }
    if (version == 2) {
      o.put(StringValue.of("id"), NumberValue.of(u32(b, 0)));
      int d = b[9] & 0xff;
      o.put(
          StringValue.of("domain"),
          StringValue.of(
              switch (d) {
                case 0 -> "Person";
                case 1 -> "Group";
                case 2 -> "Org";
                default -> "Domain" + d;
              }));
    }
    return ObjectValue.of(o);
  }

  private static String variant(byte b8) {
    int v = b8 & 0xff;
    if ((v & 0xc0) == 0x80) {
      return "RFC4122";
    }
    if ((v & 0xe0) == 0xc0) {
      return "Microsoft";
    }
    if ((v & 0xe0) == 0xe0) {
      return "Future";
    }
    return "Reserved";
  }

  private static long u32(byte[] b, int i) {
    return (u16(b, i) << 16) | u16(b, i + 2);
  }

  private static long u16(byte[] b, int i) {
    return ((b[i] & 0xffL) << 8) | (b[i + 1] & 0xffL);
  }

  /**
   * The 16 bytes of a UUID written as {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, with a {@code
   * urn:uuid:} prefix (any case), enclosed in one character on each side (such as braces), or as 32
   * hex digits without dashes; null otherwise.
   */
  static byte[] bytes(String s) {
    String body;
    switch (s.length()) {
      case 36 -> body = s;
      case 45 -> {
        if (!s.substring(0, 9).equalsIgnoreCase("urn:uuid:")) {
          return null;
        }
        body = s.substring(9);
      }
      case 38 -> body = s.substring(1, 37);
      case 32 -> {
        return hex(s);
      }
      default -> {
        return null;
      }
    }
    for (int i = 0; i < body.length(); i++) {
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash != (body.charAt(i) == '-')) {
        return null;
      }
    }
    return hex(body.replace("-", ""));
  }

  private static byte[] hex(String s) {
    if (s.length() != 32) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 16; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0 || s.charAt(2 * i) > 'f' || s.charAt(2 * i + 1) > 'f') {
        return null;
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }
}
