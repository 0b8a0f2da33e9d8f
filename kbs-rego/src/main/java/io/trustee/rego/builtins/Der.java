package io.trustee.rego.builtins;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal DER reader (ITU-T X.690) for the structures the JDK has no public parser for: PKCS #10
 * requests, SEC 1 EC private keys, PKCS #1 RSA keys. Malformed input raises {@code
 * eval_builtin_error} with Go's {@code asn1: structure error} wording. Immutable.
 */
final class Der {
  /** One TLV: its tag byte, the full encoding and the content. */
  record Tlv(int tag, byte[] encoded, byte[] content) {
    /** The elements of a constructed value (SEQUENCE, SET, context tags). */
    List<Tlv> children() {
      List<Tlv> out = new ArrayList<>();
      int[] pos = {0};
      while (pos[0] < content.length) {
        out.add(read(content, pos));
      }
      return out;
    }

    /** The object identifier in dotted form. */
    String oid() {
      if (tag != 0x06 || content.length == 0) {
        throw structure("expected an OBJECT IDENTIFIER");
      }
      StringBuilder sb = new StringBuilder();
      long v = 0;
      boolean first = true;
      for (byte b : content) {
        v = (v << 7) | (b & 0x7f);
        if ((b & 0x80) == 0) {
          if (first) {
            long a = Math.min(v / 40, 2);
            sb.append(a).append('.').append(v - a * 40);
            first = false;
          } else {
            sb.append('.').append(v);
          }
          v = 0;
        }
      }
      return sb.toString();
    }

    /** The value of an INTEGER. */
    java.math.BigInteger integer() {
      if (tag != 0x02 || content.length == 0) {
        throw structure("expected an INTEGER");
      }
      return new java.math.BigInteger(content);
    }

    /** The bytes of a BIT STRING (no unused bits expected). */
    byte[] bits() {
      if (tag != 0x03 || content.length == 0) {
        throw structure("expected a BIT STRING");
      }
      return Arrays.copyOfRange(content, 1, content.length);
    }
  }

  private Der() {}

  /** Parses one complete DER value; trailing bytes are an error. */
  static Tlv parse(byte[] der) {
    int[] pos = {0};
    Tlv t = read(der, pos);
    if (pos[0] != der.length) {
      throw BuiltinException.error("asn1: syntax error: trailing data");
    }
    return t;
  }

  static Tlv read(byte[] b, int[] pos) {
    int start = pos[0];
    if (start + 2 > b.length) {
      throw structure("data truncated");
    }
    int tag = b[pos[0]++] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw structure("high-tag-number form not supported");
    }
    int len = b[pos[0]++] & 0xff;
    if (len >= 0x80) {
      int n = len & 0x7f;
      if (n == 0 || n > 4 || pos[0] + n > b.length) {
        throw structure("length too large or indefinite");
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[pos[0]++] & 0xff);
      }
      if (len < 0) {
        throw structure("length too large");
      }
    }
    if (pos[0] + len > b.length || pos[0] + len < 0) {
      throw structure("data truncated");
    }
    byte[] content = Arrays.copyOfRange(b, pos[0], pos[0] + len);
    pos[0] += len;
    return new Tlv(tag, Arrays.copyOfRange(b, start, pos[0]), content);
  }

  static BuiltinException structure(String msg) {
    return BuiltinException.error("asn1: structure error: " + msg);
  }
}
