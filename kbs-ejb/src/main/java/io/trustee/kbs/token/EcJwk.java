package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.EcCurves;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;

/** Package helper: fixed-length JWK coordinates of EC public keys. Stateless. */
final class EcJwk {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private EcJwk() {}

  static String crv(ECPublicKey key) {
    int bits = key.getParams().getCurve().getField().getFieldSize();
    return switch (bits) {
      case 256 -> "P-256";
      case 384 -> "P-384";
      case 521 -> "P-521";
      default -> throw new IllegalArgumentException("unsupported curve size " + bits);
    };
  }

  static int coordinateLength(ECPublicKey key) {
    return (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
  }

  /** {@code {"kty":"EC","crv":…,"alg":alg,"x":…,"y":…}} in that member order. */
  static ObjectNode toJwk(ECPublicKey key, String alg) {
    int len = coordinateLength(key);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("kty", "EC");
    o.put("crv", crv(key));
    o.put("alg", alg);
    o.put("x", B64URL.encodeToString(EcCurves.unsigned(key.getW().getAffineX(), len)));
    o.put("y", B64URL.encodeToString(EcCurves.unsigned(key.getW().getAffineY(), len)));
    return o;
  }
}
