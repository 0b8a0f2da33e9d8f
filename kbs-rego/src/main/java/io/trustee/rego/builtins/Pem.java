package io.trustee.rego.builtins;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** PEM (RFC 7468) blocks. Stateless. */
final class Pem {
  /** One decoded block: its label and DER bytes. */
  record Block(String type, byte[] der) {}

  private Pem() {}

  /** All blocks in the text, in order; text outside blocks is ignored. */
  static List<Block> blocks(String text) {
    List<Block> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int b = text.indexOf("-----BEGIN ", from);
      if (b < 0) {
        return out;
      }
      int labelEnd = text.indexOf("-----", b + 11);
      if (labelEnd < 0) {
        return out;
      }
      String type = text.substring(b + 11, labelEnd);
      String end = "-----END " + type + "-----";
      int e = text.indexOf(end, labelEnd + 5);
      if (e < 0) {
        return out;
      }
      String body = text.substring(labelEnd + 5, e);
      if (body.contains(":")) {
        // RFC 1421 headers (such as Proc-Type) end at the first empty line
        int blank = body.indexOf("\n\n");
        body = blank < 0 ? body : body.substring(blank + 2);
      }
      try {
        out.add(new Block(type, Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""))));
      } catch (IllegalArgumentException ex) {
        return out;
      }
      from = e + end.length();
    }
  }

  /** The DER of the first block, which must have the given type. */
  static byte[] block(String text, String type, String error) {
    List<Block> bs = blocks(text);
    if (bs.isEmpty() || !bs.get(0).type().equals(type)) {
      throw BuiltinException.error(error);
    }
    return bs.get(0).der();
  }
}
