package io.trustee.kbs.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.util.Optional;

/**
 * The NIST curves used by JOSE ({@code P-256}, {@code P-384}, {@code P-521}): JDK parameters by
 * JOSE name, the on-curve check that must run before any ECDH or signature check with a key taken
 * from input, and fixed-length coordinate encoding. Stateless and thread-safe.
 */
public final class EcCurves {
  private EcCurves() {}

  /** JDK parameters for a JOSE curve name, empty if not a supported curve. */
  public static Optional<ECParameterSpec> byJoseName(String crv) {
    String std =
        switch (crv == null ? "" : crv) {
          case "P-256" -> "secp256r1";
          case "P-384" -> "secp384r1";
          case "P-521" -> "secp521r1";
          default -> null;
        };
    if (std == null) {
      return Optional.empty();
    }
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(std));
      return Optional.of(p.getParameterSpec(ECParameterSpec.class));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks curve " + std, e);
    }
  }

  /** P-256 parameters. */
  public static ECParameterSpec p256() {
    return byJoseName("P-256").orElseThrow();
  }

  /** Coordinate length in bytes (32, 48, 66). */
  public static int coordinateLength(ECParameterSpec params) {
    return (params.getCurve().getField().getFieldSize() + 7) / 8;
  }

  /** y² = x³ + ax + b (mod p) with 0 ≤ x, y < p (the point at infinity is not encodable). */
  public static boolean isOnCurve(ECPoint pt, EllipticCurve curve) {
    if (pt == null || ECPoint.POINT_INFINITY.equals(pt)) {
      return false;
    }
    BigInteger p = ((ECFieldFp) curve.getField()).getP();
    BigInteger x = pt.getAffineX();
    BigInteger y = pt.getAffineY();
    if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
      return false;
    }
    return y.multiply(y)
        .mod(p)
        .equals(x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p));
  }

  /** Big-endian unsigned encoding left-padded to exactly {@code len} bytes. */
  public static byte[] unsigned(BigInteger v, int len) {
    if (v.signum() < 0 || v.bitLength() > len * 8) {
      throw new IllegalArgumentException("value does not fit in " + len + " bytes");
    }
    byte[] raw = v.toByteArray();
    byte[] out = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    return out;
  }
}
