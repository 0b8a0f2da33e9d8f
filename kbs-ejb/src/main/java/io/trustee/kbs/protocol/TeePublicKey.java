package io.trustee.kbs.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.EcCurves;
import io.trustee.kbs.util.Base64Url;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
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
    try {
      return Base64Url.decodeStrict(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidTeeKeyException(field, e.getMessage(), e);
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

    /** The JDK parameters of a curve accepted for TEE keys (P-256, P-521). */
    public static ECParameterSpec curveParameters(String crv) throws InvalidTeeKeyException {
      if (coordinateLength(crv) < 0) {
        throw new InvalidTeeKeyException("tee-pubkey.crv", "unsupported curve");
      }
      return EcCurves.byJoseName(crv).orElseThrow();
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
      if (!EcCurves.isOnCurve(point, params.getCurve())) {
        throw new InvalidTeeKeyException("tee-pubkey", "point is not on " + crv);
      }
      try {
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
      } catch (GeneralSecurityException ex) {
        throw new InvalidTeeKeyException("tee-pubkey", "EC key rejected", ex);
      }
    }
  }
}
