package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.security.interfaces.ECPublicKey;

/**
 * Package helper: EC public keys as Nimbus {@link ECKey}s (fixed-length coordinates, RFC 7638
 * thumbprint) and as the JSON objects we serve, whose member order is ours. Stateless.
 */
final class EcJwk {
  private EcJwk() {}

  /** The key as a Nimbus JWK (no optional members). */
  static ECKey ecKey(ECPublicKey key) {
    Curve crv = Curve.forECParameterSpec(key.getParams());
    if (crv == null) {
      throw new IllegalArgumentException("unsupported EC curve");
    }
    return new ECKey.Builder(crv, key).build();
  }

  /** RFC 7638 thumbprint (SHA-256, base64url) computed by Nimbus. */
  static String thumbprint(ECPublicKey key) {
    try {
      return ecKey(key).computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** {@code {"kty":"EC","crv":…,"alg":alg,"x":…,"y":…}} in that member order. */
  static ObjectNode toJwk(ECPublicKey key, String alg) {
    ECKey k = ecKey(key);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("kty", "EC");
    o.put("crv", k.getCurve().getName());
    o.put("alg", alg);
    o.put("x", k.getX().toString());
    o.put("y", k.getY().toString());
    return o;
  }
}
