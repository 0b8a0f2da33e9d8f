package io.trustee.kbs.rvps;

import java.util.Base64;

/**
 * Lenient base64 decoding for reference-value inputs: accepts the standard and the URL-safe
 * alphabet, with or without padding, because upstream writes URL-safe padded text and the
 * downstream migration writes standard text (spec {@code kbs-config.md} §5.3). Whitespace is not
 * allowed. Stateless and thread-safe.
 */
final class Base64Text {
  private Base64Text() {}

  static byte[] decode(String text, String field) throws InvalidReferenceValueException {
    if (text == null) {
      throw new InvalidReferenceValueException(field, "missing base64 text");
    }
    boolean standard = text.indexOf('+') >= 0 || text.indexOf('/') >= 0;
    boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    if (standard && urlSafe) {
      throw new InvalidReferenceValueException(field, "mixes the standard and URL-safe alphabets");
    }
    String s = text.replace('-', '+').replace('_', '/');
    int pad = (4 - s.length() % 4) % 4;
    if (pad == 3) {
      throw new InvalidReferenceValueException(field, "is not valid base64 (bad length)");
    }
    try {
      return Base64.getDecoder().decode(s.endsWith("=") ? s : s + "=".repeat(pad));
    } catch (IllegalArgumentException e) {
      throw new InvalidReferenceValueException(field, "is not valid base64: " + e.getMessage(), e);
    }
  }
}
