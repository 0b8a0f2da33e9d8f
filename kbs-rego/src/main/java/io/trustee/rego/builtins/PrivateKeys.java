package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.NullValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code crypto.parse_private_keys} and {@code crypto.x509.parse_keypair}: PEM private keys (PKCS
 * #1 RSA, SEC 1 EC, PKCS #8 RSA/EC/Ed25519) rendered as Go's JSON encoding of the key structs, and
 * a certificate/key pair as Go's {@code tls.Certificate}. Stateless.
 */
final class PrivateKeys {
  /** A parsed key with its public half (for the pair check) and its Go JSON rendering. */
  private record Parsed(Value json, PublicKeyMaterial pub) {}

  /** What identifies a public key: RSA modulus, EC point, or Ed25519 bytes. */
  private record PublicKeyMaterial(String kind, List<BigInteger> values) {}

  private PrivateKeys() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(m, "crypto.parse_private_keys", 1, a -> parseAll(Args.str(a, 0)));
    reg(m, "crypto.x509.parse_keypair", 2, a -> keypair(Args.str(a, 0), Args.str(a, 1)));
  }

  private static String pemText(String input) {
    if (input.contains("-----BEGIN")) {
      return input;
    }
    return new String(X509Requests.stdBase64(input), StandardCharsets.ISO_8859_1);
  }

  private static Value parseAll(String input) {
    if (input.isEmpty()) {
      return NullValue.INSTANCE;
    }
    List<Value> out = new ArrayList<>();
    for (Pem.Block b : Pem.blocks(pemText(input))) {
      out.add(parse(b).json());
    }
    return ArrayValue.of(out);
  }

  private static Value keypair(String certInput, String keyInput) {
    List<X509Certificate> certs = X509Builtins.certificates(certInput);
    List<Pem.Block> keys = Pem.blocks(pemText(keyInput));
    Parsed key = null;
    for (Pem.Block b : keys) {
      if (b.type().equals("PRIVATE KEY") || b.type().endsWith(" PRIVATE KEY")) {
        key = parse(b);
        break;
      }
    }
    if (key == null) {
      throw BuiltinException.error("tls: failed to find any PEM data in key input");
    }
    if (!key.pub().equals(material(certs.get(0).getPublicKey()))) {
      throw BuiltinException.error("tls: private key does not match public key");
    }
    List<Value> ders = new ArrayList<>();
    try {
      for (X509Certificate c : certs) {
        ders.add(StringValue.of(Base64.getEncoder().encodeToString(c.getEncoded())));
      }
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("x509: " + e.getMessage());
    }
    Map<Value, Value> o = new LinkedHashMap<>();
    o.put(str("Certificate"), ArrayValue.of(ders));
    o.put(str("PrivateKey"), key.json());
    o.put(str("SupportedSignatureAlgorithms"), NullValue.INSTANCE);
    o.put(str("OCSPStaple"), NullValue.INSTANCE);
    o.put(str("SignedCertificateTimestamps"), NullValue.INSTANCE);
    o.put(
        str("Leaf"),
        ((ArrayValue)
                Builtins.get("crypto.x509.parse_certificates")
                    .fn()
                    .apply(
                        new Value[] {
                          StringValue.of(Base64.getEncoder().encodeToString(certDer(certs)))
                        }))
            .get(0));
    return ObjectValue.of(o);
  }

  private static byte[] certDer(List<X509Certificate> certs) {
    try {
      return certs.get(0).getEncoded();
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("x509: " + e.getMessage());
    }
  }

  private static PublicKeyMaterial material(PublicKey k) {
    if (k instanceof RSAPublicKey r) {
      return new PublicKeyMaterial("RSA", List.of(r.getModulus(), r.getPublicExponent()));
    }
    if (k instanceof ECPublicKey e) {
      return new PublicKeyMaterial("EC", List.of(e.getW().getAffineX(), e.getW().getAffineY()));
    }
    byte[] spki = k.getEncoded();
    return new PublicKeyMaterial(
        "Ed25519",
        List.of(new BigInteger(1, Arrays.copyOfRange(spki, spki.length - 32, spki.length))));
  }

  private static Parsed parse(Pem.Block b) {
    try {
      return switch (b.type()) {
        case "RSA PRIVATE KEY" -> rsa(pkcs1(b.der()));
        case "EC PRIVATE KEY" -> ec(b.der());
        case "PRIVATE KEY" -> pkcs8(b.der());
        default -> throw BuiltinException.error("unsupported PEM block type " + b.type());
      };
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("x509: failed to parse private key: " + e.getMessage());
    }
  }

  private static Parsed pkcs8(byte[] der) throws GeneralSecurityException {
    List<Der.Tlv> f = Der.parse(der).children();
    if (f.size() < 3) {
      throw Der.structure("PKCS #8 key truncated");
    }
    String oid = f.get(1).children().get(0).oid();
    switch (oid) {
      case "1.2.840.113549.1.1.1" -> {
        return rsa(
            (RSAPrivateCrtKey)
                KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
      }
      case "1.2.840.10045.2.1" -> {
        List<Der.Tlv> alg = f.get(1).children();
        return ecSec1(Der.parse(f.get(2).content()), alg.size() > 1 ? alg.get(1).oid() : null);
      }
      case "1.3.101.112" -> {
        byte[] seed = Der.parse(f.get(2).content()).content();
        PrivateKey k =
            KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        byte[] pub = ed25519Public(k, seed);
        byte[] both = new byte[64];
        System.arraycopy(seed, 0, both, 0, 32);
        System.arraycopy(pub, 0, both, 32, 32);
        // ed25519.PrivateKey is a byte slice (seed || public key): base64 in Go's JSON
        return new Parsed(
            str(Base64.getEncoder().encodeToString(both)),
            new PublicKeyMaterial("Ed25519", List.of(new BigInteger(1, pub))));
      }
      default ->
          throw BuiltinException.error(
              "x509: PKCS#8 wrapping contained an unknown key algorithm " + oid);
    }
  }

  /** The Ed25519 public key of a seed: key generation from a "random" source that yields it. */
  private static byte[] ed25519Public(PrivateKey k, byte[] seed) throws GeneralSecurityException {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("Ed25519");
    g.initialize(
        java.security.spec.NamedParameterSpec.ED25519,
        new java.security.SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
          }
        });
    byte[] spki = g.generateKeyPair().getPublic().getEncoded();
    return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
  }

  private static RSAPrivateCrtKey pkcs1(byte[] der) throws GeneralSecurityException {
    List<Der.Tlv> f = Der.parse(der).children();
    if (f.size() < 9) {
      throw BuiltinException.error(
          "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)");
    }
    BigInteger[] v = new BigInteger[9];
    for (int i = 0; i < 9; i++) {
      v[i] = f.get(i).integer();
    }
    return (RSAPrivateCrtKey)
        KeyFactory.getInstance("RSA")
            .generatePrivate(
                new java.security.spec.RSAPrivateCrtKeySpec(
                    v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]));
  }

  private static Parsed rsa(RSAPrivateCrtKey k) {
    Map<Value, Value> pre = new LinkedHashMap<>();
    pre.put(str("Dp"), num(k.getPrimeExponentP()));
    pre.put(str("Dq"), num(k.getPrimeExponentQ()));
    pre.put(str("Qinv"), num(k.getCrtCoefficient()));
    pre.put(str("CRTValues"), ArrayValue.EMPTY);
    Map<Value, Value> o = new LinkedHashMap<>();
    o.put(str("N"), num(k.getModulus()));
    o.put(str("E"), num(k.getPublicExponent()));
    o.put(str("D"), num(k.getPrivateExponent()));
    o.put(str("Primes"), ArrayValue.of(num(k.getPrimeP()), num(k.getPrimeQ())));
    o.put(str("Precomputed"), ObjectValue.of(pre));
    return new Parsed(
        ObjectValue.of(o),
        new PublicKeyMaterial("RSA", List.of(k.getModulus(), k.getPublicExponent())));
  }

  private static Parsed ec(byte[] der) throws GeneralSecurityException {
    return ecSec1(Der.parse(der), null);
  }

  /** SEC 1 ECPrivateKey; the curve comes from its [0] parameters or the PKCS #8 wrapper. */
  private static Parsed ecSec1(Der.Tlv key, String curveOid) throws GeneralSecurityException {
    List<Der.Tlv> f = key.children();
    if (f.size() < 2) {
      throw Der.structure("EC private key truncated");
    }
    BigInteger d = new BigInteger(1, f.get(1).content());
    for (Der.Tlv t : f.subList(2, f.size())) {
      if (t.tag() == 0xa0) {
        curveOid = t.children().get(0).oid();
      }
    }
    String name =
        switch (curveOid == null ? "" : curveOid) {
          case "1.2.840.10045.3.1.7" -> "secp256r1";
          case "1.3.132.0.34" -> "secp384r1";
          case "1.3.132.0.35" -> "secp521r1";
          default -> throw BuiltinException.error("x509: unknown elliptic curve");
        };
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec(name));
    ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
    ECPrivateKey k =
        (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, spec));
    ECPoint q = multiply(spec, spec.getGenerator(), k.getS());
    Map<Value, Value> o = new LinkedHashMap<>();
    o.put(str("Curve"), ObjectValue.EMPTY);
    o.put(str("X"), num(q.getAffineX()));
    o.put(str("Y"), num(q.getAffineY()));
    o.put(str("D"), num(d));
    return new Parsed(
        ObjectValue.of(o), new PublicKeyMaterial("EC", List.of(q.getAffineX(), q.getAffineY())));
  }

  /** Scalar multiplication on a short Weierstrass prime curve (affine double-and-add). */
  static ECPoint multiply(ECParameterSpec spec, ECPoint g, BigInteger k) {
    BigInteger prime = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger a = spec.getCurve().getA();
    ECPoint r = ECPoint.POINT_INFINITY;
    ECPoint addend = g;
    for (int i = 0; i < k.bitLength(); i++) {
      if (k.testBit(i)) {
        r = add(r, addend, prime, a);
      }
      addend = add(addend, addend, prime, a);
    }
    return r;
  }

  private static ECPoint add(ECPoint p, ECPoint q, BigInteger prime, BigInteger a) {
    if (p.equals(ECPoint.POINT_INFINITY)) {
      return q;
    }
    if (q.equals(ECPoint.POINT_INFINITY)) {
      return p;
    }
    BigInteger x1 = p.getAffineX();
    BigInteger y1 = p.getAffineY();
    BigInteger x2 = q.getAffineX();
    BigInteger y2 = q.getAffineY();
    BigInteger lambda;
    if (x1.equals(x2)) {
      if (!y1.equals(y2) || y1.signum() == 0) {
        return ECPoint.POINT_INFINITY;
      }
      lambda =
          x1.pow(2)
              .multiply(BigInteger.valueOf(3))
              .add(a)
              .multiply(y1.shiftLeft(1).modInverse(prime))
              .mod(prime);
    } else {
      lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(prime)).mod(prime);
    }
    BigInteger x3 = lambda.pow(2).subtract(x1).subtract(x2).mod(prime);
    BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(prime);
    return new ECPoint(x3, y3);
  }

  private static Value num(BigInteger b) {
    return NumberValue.of(new BigDecimal(b));
  }

  private static Value str(String s) {
    return StringValue.of(s);
  }
}
