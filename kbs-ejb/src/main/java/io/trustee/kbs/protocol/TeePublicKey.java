package io.trustee.kbs.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * The TEE's ephemeral public key ({@code tee-pubkey}, kbs-protocol.md §6), a JWK subset
 * discriminated by {@code kty}. {@link #parse} checks only the shape (every member present and a
 * string), as upstream does at {@code /attest}; {@link #toJavaKey()} does the full validation
 * (supported algorithm, coordinate lengths, on-curve, modulus size) and is called at encryption
 * time. Only the canonical members survive parsing, so {@link #toJcsJson()} is what the binding
 * hashes.
 *
 * <p>Implementations are immutable records and thread-safe.
 */
public sealed interface TeePublicKey permits TeePublicKey.Rsa, TeePublicKey.Ec {

  /** The JWK {@code alg} member (key-management algorithm). */
  String alg();

  /** The canonical members as a JSON object (member order irrelevant; JCS sorts). */
  ObjectNode toJcsJson();

  /**
   * Builds and validates the Java public key.
   *
   * @throws InvalidTeeKeyException if the key or algorithm is unsupported or malformed
   */
  PublicKey toJavaKey() throws InvalidTeeKeyException;

  /**
   * Parses the {@code tee-pubkey} member.
   *
   * @throws ProtocolException naming the member that is missing or not a string, or an unknown
   *     {@code kty}
   */
  static TeePublicKey parse(JsonNode node) throws ProtocolException {
    if (node == null || !node.isObject()) {
      throw new ProtocolException("tee-pubkey", "missing or not an object");
    }
    String kty = str(node, "kty");
    return switch (kty) {
      case "RSA" -> new Rsa(str(node, "alg"), str(node, "n"), str(node, "e"));
      case "EC" -> new Ec(str(node, "crv"), str(node, "alg"), str(node, "x"), str(node, "y"));
      default -> throw new ProtocolException("tee-pubkey.kty", "unsupported key type");
    };
  }

  private static String str(JsonNode node, String name) throws ProtocolException {
    JsonNode v = node.get(name);
    if (v == null || !v.isTextual()) {
      throw new ProtocolException("tee-pubkey." + name, "missing or not a string");
    }
    return v.textValue();
  }

  /** Strict b64url without padding (upstream's decoder rejects '='). */
  private static byte[] b64url(String field, String s) throws InvalidTeeKeyException {
    if (s.indexOf('=') >= 0) {
      throw new InvalidTeeKeyException(field, "base64url must not be padded");
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidTeeKeyException(field, "not base64url", e);
    }
  }

  /** RSA key: {@code kty}, {@code alg}, {@code n}, {@code e}. */
  record Rsa(String alg, String n, String e) implements TeePublicKey {
    /** Smallest modulus accepted for wrapping a 256-bit CEK. */
    public static final int MIN_MODULUS_BITS = 2048;

    public Rsa {
      Objects.requireNonNull(alg, "alg");
      Objects.requireNonNull(n, "n");
      Objects.requireNonNull(e, "e");
    }

    @Override
    public ObjectNode toJcsJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("kty", "RSA");
      o.put("alg", alg);
      o.put("n", n);
      o.put("e", e);
      return o;
    }

    @Override
    public PublicKey toJavaKey() throws InvalidTeeKeyException {
      if (!"RSA-OAEP-256".equals(alg) && !"RSA1_5".equals(alg)) {
        throw new InvalidTeeKeyException("tee-pubkey.alg", "unsupported RSA algorithm");
      }
      BigInteger mod = new BigInteger(1, b64url("tee-pubkey.n", n));
      BigInteger exp = new BigInteger(1, b64url("tee-pubkey.e", e));
      if (mod.bitLength() < MIN_MODULUS_BITS) {
        throw new InvalidTeeKeyException(
            "tee-pubkey.n", "modulus has " + mod.bitLength() + " bits, need " + MIN_MODULUS_BITS);
      }
      if (exp.compareTo(BigInteger.valueOf(3)) < 0 || !exp.testBit(0) || exp.compareTo(mod) >= 0) {
        throw new InvalidTeeKeyException("tee-pubkey.e", "invalid public exponent");
      }
      try {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(mod, exp));
      } catch (GeneralSecurityException ex) {
        throw new InvalidTeeKeyException("tee-pubkey", "RSA key rejected", ex);
      }
    }
  }

  /** EC key: {@code kty}, {@code crv}, {@code alg}, {@code x}, {@code y}. */
  record Ec(String crv, String alg, String x, String y) implements TeePublicKey {
    public Ec {
      Objects.requireNonNull(crv, "crv");
      Objects.requireNonNull(alg, "alg");
      Objects.requireNonNull(x, "x");
      Objects.requireNonNull(y, "y");
    }

    @Override
    public ObjectNode toJcsJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("kty", "EC");
      o.put("crv", crv);
      o.put("alg", alg);
      o.put("x", x);
      o.put("y", y);
      return o;
    }

    /** Coordinate length in bytes for the curve, or -1 if unsupported. */
    public static int coordinateLength(String crv) {
      return switch (crv) {
        case "P-256" -> 32;
        case "P-521" -> 66;
        default -> -1;
      };
    }

    /** The JDK parameters of P-256 or P-521; {@link IllegalArgumentException} otherwise. */
    public static ECParameterSpec curveParametersUnchecked(String crv) {
      try {
        return curveParameters(crv);
      } catch (InvalidTeeKeyException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }

    /** The JDK parameters of a supported curve. */
    public static ECParameterSpec curveParameters(String crv) throws InvalidTeeKeyException {
      String std =
          switch (crv) {
            case "P-256" -> "secp256r1";
            case "P-521" -> "secp521r1";
            default -> throw new InvalidTeeKeyException("tee-pubkey.crv", "unsupported curve");
          };
      try {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(std));
        return p.getParameterSpec(ECParameterSpec.class);
      } catch (GeneralSecurityException ex) {
        throw new IllegalStateException("JDK lacks curve " + std, ex);
      }
    }

    @Override
    public PublicKey toJavaKey() throws InvalidTeeKeyException {
      if (!"ECDH-ES+A256KW".equals(alg)) {
        throw new InvalidTeeKeyException("tee-pubkey.alg", "unsupported EC algorithm");
      }
      int len = coordinateLength(crv);
      ECParameterSpec params = curveParameters(crv);
      byte[] xb = b64url("tee-pubkey.x", x);
      byte[] yb = b64url("tee-pubkey.y", y);
      if (xb.length != len) {
        throw new InvalidTeeKeyException("tee-pubkey.x", "must be " + len + " bytes");
      }
      if (yb.length != len) {
        throw new InvalidTeeKeyException("tee-pubkey.y", "must be " + len + " bytes");
      }
      ECPoint point = new ECPoint(new BigInteger(1, xb), new BigInteger(1, yb));
      if (!isOnCurve(point, params.getCurve())) {
        throw new InvalidTeeKeyException("tee-pubkey", "point is not on " + crv);
      }
      try {
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
      } catch (GeneralSecurityException ex) {
        throw new InvalidTeeKeyException("tee-pubkey", "EC key rejected", ex);
      }
    }

    /** y² = x³ + ax + b (mod p) with 0 ≤ x, y < p; the point at infinity is not encodable. */
    public static boolean isOnCurve(ECPoint pt, EllipticCurve curve) {
      BigInteger p = ((ECFieldFp) curve.getField()).getP();
      BigInteger px = pt.getAffineX();
      BigInteger py = pt.getAffineY();
      if (px.signum() < 0 || px.compareTo(p) >= 0 || py.signum() < 0 || py.compareTo(p) >= 0) {
        return false;
      }
      BigInteger lhs = py.multiply(py).mod(p);
      BigInteger rhs = px.pow(3).add(curve.getA().multiply(px)).add(curve.getB()).mod(p);
      return lhs.equals(rhs);
    }
  }
}
