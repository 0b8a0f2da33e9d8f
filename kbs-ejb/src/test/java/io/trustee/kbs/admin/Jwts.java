package io.trustee.kbs.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/** Test helper: mints compact JWS tokens with JDK signatures. */
final class Jwts {
  static final ObjectMapper M = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private Jwts() {}

  static String b64(String s) {
    return B64URL.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String sign(ObjectNode header, ObjectNode payload, PrivateKey key, String jcaAlg)
      throws Exception {
    String input = b64(header.toString()) + "." + b64(payload.toString());
    Signature s = Signature.getInstance(jcaAlg);
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64URL.encodeToString(s.sign());
  }

  static ObjectNode header(String alg) {
    return M.createObjectNode().put("alg", alg).put("typ", "JWT");
  }
}
