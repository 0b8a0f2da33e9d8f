package io.trustee.kbs.rvps;

import io.trustee.kbs.util.ByteReader;
import io.trustee.kbs.util.Utf8;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal CBOR (RFC 8949) decoder for CoRIM payloads, reading through the bounds-checked {@link
 * ByteReader}. Items become plain Java values: {@link Long} / {@link BigInteger} (major types 0,
 * 1), {@code byte[]} (2), {@link String} (3, strict UTF-8), {@link List} (4), {@link Map} with
 * insertion order (5), {@link Tagged} (6), {@link Boolean}, {@code null} / {@link #UNDEFINED},
 * {@link Double} (7). Definite lengths only (CoRIM uses deterministic encoding); nesting is limited
 * to {@value #MAX_DEPTH} levels; trailing bytes are rejected. Stateless and thread-safe.
 */
final class Cbor {
  static final int MAX_DEPTH = 64;

  /** The CBOR "undefined" simple value. */
  static final Object UNDEFINED =
      new Object() {
        @Override
        public String toString() {
          return "undefined";
        }
      };

  /** A tagged item (major type 6). */
  record Tagged(long tag, Object item) {}

  /** Malformed or unsupported CBOR. */
  static final class CborException extends Exception {
    private static final long serialVersionUID = 1L;

    CborException(String message) {
      super(message);
    }
  }

  private Cbor() {}

  /** Decodes exactly one item occupying all of {@code data}. */
  static Object decode(byte[] data) throws CborException {
    ByteReader r = new ByteReader(data);
    try {
      Object item = read(r, 0);
      if (r.hasRemaining()) {
        throw new CborException(r.remaining() + " trailing bytes after the CBOR item");
      }
      return item;
    } catch (ByteReader.TruncatedException e) {
      throw new CborException("truncated CBOR: " + e.getMessage());
    }
  }

  private static Object read(ByteReader r, int depth) throws CborException {
    if (depth > MAX_DEPTH) {
      throw new CborException("CBOR nested deeper than " + MAX_DEPTH);
    }
    int initial = r.u8("initial byte");
    int major = initial >>> 5;
    int info = initial & 0x1f;
    if (major == 7) {
      return simple(r, info);
    }
    if (info == 31) {
      throw new CborException("indefinite-length CBOR items are not supported");
    }
    BigInteger arg = argument(r, info);
    switch (major) {
      case 0:
        return small(arg);
      case 1:
        return small(BigInteger.valueOf(-1).subtract(arg));
      case 2:
        return r.bytes("byte string", length(arg, r));
      case 3:
        return utf8(r.bytes("text string", length(arg, r)));
      case 4:
        {
          int n = length(arg, r);
          List<Object> list = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            list.add(read(r, depth + 1));
          }
          return Collections.unmodifiableList(list);
        }
      case 5:
        {
          int n = length(arg, r);
          Map<Object, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            Object key = read(r, depth + 1);
            if (key instanceof byte[] || key instanceof List || key instanceof Map) {
              throw new CborException("unsupported CBOR map key type");
            }
            if (map.put(key, read(r, depth + 1)) != null) {
              throw new CborException("duplicate CBOR map key " + key);
            }
          }
          return Collections.unmodifiableMap(map);
        }
      default: // 6
        if (arg.bitLength() > 63) {
          throw new CborException("CBOR tag number too large");
        }
        return new Tagged(arg.longValue(), read(r, depth + 1));
    }
  }

  private static Object simple(ByteReader r, int info) throws CborException {
    switch (info) {
      case 20:
        return Boolean.FALSE;
      case 21:
        return Boolean.TRUE;
      case 22:
        return null;
      case 23:
        return UNDEFINED;
      case 25:
        {
          int h = r.u16be("half float");
          int exp = (h >> 10) & 0x1f;
          int mant = h & 0x3ff;
          double v =
              exp == 0
                  ? mant * Math.pow(2, -24)
                  : exp == 31
                      ? (mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                      : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
          return (h & 0x8000) != 0 ? -v : v;
        }
      case 26:
        return (double) Float.intBitsToFloat((int) r.u32be("float"));
      case 27:
        return Double.longBitsToDouble(r.u64be("double"));
      default:
        throw new CborException("unsupported CBOR simple value " + info);
    }
  }

  private static BigInteger argument(ByteReader r, int info) throws CborException {
    if (info < 24) {
      return BigInteger.valueOf(info);
    }
    return switch (info) {
      case 24 -> BigInteger.valueOf(r.u8("argument"));
      case 25 -> BigInteger.valueOf(r.u16be("argument"));
      case 26 -> BigInteger.valueOf(r.u32be("argument"));
      case 27 -> new BigInteger(1, r.bytes("argument", 8));
      default -> throw new CborException("reserved CBOR additional information " + info);
    };
  }

  private static int length(BigInteger arg, ByteReader r) throws CborException {
    if (arg.compareTo(BigInteger.valueOf(r.remaining())) > 0) {
      throw new CborException(
          "CBOR length " + arg + " exceeds the " + r.remaining() + " bytes left");
    }
    return arg.intValue();
  }

  private static Object small(BigInteger v) {
    return v.bitLength() <= 63 ? (Object) v.longValue() : v;
  }

  private static String utf8(byte[] b) throws CborException {
    try {
      return Utf8.decodeStrict(b);
    } catch (IllegalArgumentException e) {
      throw new CborException("CBOR text string is not valid UTF-8");
    }
  }
}
