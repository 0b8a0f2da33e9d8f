package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code io.jwt.*}: decoding, signature verification (HS, RS, PS, ES with PEM certificates, PEM
 * public keys or JWK sets) and HMAC/RSA signing, on the JDK providers. The algorithm is taken from
 * the builtin name (verify) or the checked header (decode_verify), never trusted blindly. Stateless
 * and thread-safe.
 */
final class JwtBuiltins {
  private JwtBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(m, "io.jwt.decode", 1, a -> decode(Args.str(a, 0)));
    for (String alg :
        List.of(
            "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512")) {
      reg(
          m,
          "io.jwt.verify_" + alg.toLowerCase(),
          2,
          a -> BooleanValue.of(verify(alg, Args.str(a, 0), Args.str(a, 1))));
    }
    reg(m, "io.jwt.decode_verify", 2, a -> decodeVerify(Args.str(a, 0), Args.obj(a, 1)));
    reg(
        m,
        "io.jwt.encode_sign_raw",
        3,
        a ->
            StringValue.of(
                sign(
                    Args.str(a, 0),
                    Args.str(a, 1),
                    (ObjectValue) io.trustee.rego.Json.parse(Args.str(a, 2)))));
    reg(
        m,
        "io.jwt.encode_sign",
        3,
        a ->
            StringValue.of(sign(Args.obj(a, 0).toJson(), Args.obj(a, 1).toJson(), Args.obj(a, 2))));
  }

  /** Decodes a compact JWS; a {@code cty: JWT} payload is a nested token (RFC 7519 §7.2). */
  private static Value decode(String jwt) {
    String[] parts = split(jwt);
    ObjectValue header = (ObjectValue) json(parts[0], "header");
    if (header.get("enc") != null) {
      throw BuiltinException.error("JWT is a JWE object, which is not supported");
    }
    if (header.get("cty") instanceof StringValue cty && cty.value().equalsIgnoreCase("JWT")) {
      return decode(new String(b64(parts[1]), StandardCharsets.UTF_8));
    }
    return ArrayValue.of(
        header, json(parts[1], "payload"), StringValue.of(HexFormat.of().formatHex(b64(parts[2]))));
  }

  private static String[] split(String jwt) {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length == 1) {
      throw BuiltinException.error("encoded JWT had no period separators");
    }
    if (parts.length != 3) {
      throw BuiltinException.error("encoded JWT must have 3 sections, found " + parts.length);
    }
    return parts;
  }

  static byte[] b64(String s) {
    try {
      String t = s.replace('+', '-').replace('/', '_');
      while (t.endsWith("=")) {
        t = t.substring(0, t.length() - 1);
      }
      return Base64.getUrlDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error("JWT is not valid base64url: " + e.getMessage());
    }
  }

  private static Value json(String part, String what) {
    try {
      Value v = io.trustee.rego.Json.parse(new String(b64(part), StandardCharsets.UTF_8));
      if (!(v instanceof ObjectValue)) {
        throw BuiltinException.error("JWT " + what + " is not an object");
      }
      return v;
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error("JWT " + what + " had invalid encoding: " + e.getMessage());
    }
  }

  private static boolean verify(String alg, String jwt, String keyMaterial) {
    String[] parts = split(jwt);
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    byte[] sig = b64(parts[2]);
    if (alg.startsWith("HS")) {
      return MessageDigest.isEqual(
          hmac(alg, keyMaterial.getBytes(StandardCharsets.UTF_8), signed), sig);
    }
    for (PublicKey k : publicKeys(keyMaterial)) {
      try {
        Signature s = signature(alg);
        s.initVerify(k);
        s.update(signed);
        if (s.verify(sig)) {
          return true;
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        // wrong key type for the algorithm: try the next key
      }
    }
    return false;
  }

  private static byte[] hmac(String alg, byte[] key, byte[] data) {
    try {
      String name = "Hmac" + alg.replace("HS", "SHA");
      Mac mac = Mac.getInstance(name);
      // HMAC zero-pads keys to the block size, so an empty key equals the key {0}; the JDK
      // refuses empty keys, Go does not.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, name));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Signature signature(String alg) throws GeneralSecurityException {
    String bits = alg.substring(2);
    switch (alg.substring(0, 2)) {
      case "RS":
        return Signature.getInstance("SHA" + bits + "withRSA");
      case "PS":
        {
          Signature s = Signature.getInstance("RSASSA-PSS");
          String h = "SHA-" + bits;
          s.setParameter(
              new PSSParameterSpec(
                  h, "MGF1", new MGF1ParameterSpec(h), Integer.parseInt(bits) / 8, 1));
          return s;
        }
      default:
        return Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
    }
  }

  private static List<PublicKey> publicKeys(String material) {
    List<PublicKey> out = new ArrayList<>();
    String t = material.trim();
    try {
      if (t.startsWith("-----BEGIN CERTIFICATE-----")) {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (var c :
            cf.generateCertificates(
                new ByteArrayInputStream(t.getBytes(StandardCharsets.US_ASCII)))) {
          out.add(c.getPublicKey());
        }
      } else if (t.startsWith("-----BEGIN PUBLIC KEY-----")) {
        String b =
            t.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(b);
        for (String kf : List.of("RSA", "EC")) {
          try {
            out.add(KeyFactory.getInstance(kf).generatePublic(new X509EncodedKeySpec(der)));
            break;
          } catch (GeneralSecurityException e) {
            // try the next key type
          }
        }
      } else if (t.startsWith("{")) {
        ObjectValue jwk = (ObjectValue) io.trustee.rego.Json.parse(t);
        Value keys = jwk.get("keys");
        if (keys instanceof ArrayValue arr) {
          for (Value k : arr.items()) {
            out.add(jwkPublic((ObjectValue) k));
          }
        } else {
          out.add(jwkPublic(jwk));
        }
      } else {
        throw BuiltinException.error("failed to parse a JWK key (set)");
      }
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw BuiltinException.error("failed to parse key: " + e.getMessage());
    }
    return out;
  }

  private static BigInteger big(ObjectValue jwk, String field) {
    Value v = jwk.get(field);
    if (!(v instanceof StringValue s)) {
      throw BuiltinException.error("JWK is missing " + field);
    }
    return new BigInteger(1, b64(s.value()));
  }

  private static PublicKey jwkPublic(ObjectValue jwk) throws GeneralSecurityException {
    String kty = jwk.get("kty") instanceof StringValue s ? s.value() : "";
    if (kty.equals("RSA")) {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(big(jwk, "n"), big(jwk, "e")));
    }
    if (kty.equals("EC")) {
      String crv = ((StringValue) jwk.get("crv")).value();
      String std =
          switch (crv) {
            case "P-256" -> "secp256r1";
            case "P-384" -> "secp384r1";
            default -> "secp521r1";
          };
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(std));
      ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
      return KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(new ECPoint(big(jwk, "x"), big(jwk, "y")), spec));
    }
    throw BuiltinException.error("unsupported JWK key type " + kty);
  }

  private static Value decodeVerify(String jwt, ObjectValue constraints) {
    Value fail = ArrayValue.of(BooleanValue.FALSE, ObjectValue.EMPTY, ObjectValue.EMPTY);
    for (Value k : constraints.sortedKeys()) {
      String name = k instanceof StringValue ks ? ks.value() : k.toString();
      if (!List.of("cert", "secret", "alg", "iss", "aud", "time").contains(name)) {
        throw BuiltinException.error("unknown token validation constraint: " + name);
      }
    }
    if (constraints.get("cert") != null && constraints.get("secret") != null) {
      throw BuiltinException.error("duplicate key constraints");
    }
    if (constraints.get("cert") == null && constraints.get("secret") == null) {
      throw BuiltinException.error("no key constraint");
    }
    String[] parts = split(jwt);
    ObjectValue header = (ObjectValue) json(parts[0], "header");
    ObjectValue payload = (ObjectValue) json(parts[1], "payload");
    String alg = header.get("alg") instanceof StringValue s ? s.value() : "";
    Value wantAlg = constraints.get("alg");
    if (wantAlg != null && !wantAlg.equals(StringValue.of(alg))) {
      return fail;
    }
    Value cert = constraints.get("cert");
    Value secret = constraints.get("secret");
    boolean ok;
    if (alg.startsWith("HS") && secret instanceof StringValue sv) {
      ok = verify(alg, jwt, sv.value());
    } else if (!alg.startsWith("HS") && alg.length() == 5 && cert instanceof StringValue cv) {
      ok = verify(alg, jwt, cv.value());
    } else {
      ok = false;
    }
    if (!ok) {
      return fail;
    }
    double now =
        constraints.get("time") instanceof NumberValue t
            ? t.doubleValue() / 1e9
            : System.currentTimeMillis() / 1000.0;
    if (payload.get("exp") instanceof NumberValue exp && now >= exp.doubleValue()) {
      return fail;
    }
    if (payload.get("nbf") instanceof NumberValue nbf && now < nbf.doubleValue()) {
      return fail;
    }
    Value iss = constraints.get("iss");
    if (iss != null && !iss.equals(payload.get("iss"))) {
      return fail;
    }
    Value aud = constraints.get("aud");
    Value pa = payload.get("aud");
    if (aud == null) {
      if (pa != null) {
        return fail;
      }
    } else if (!(aud.equals(pa) || (pa instanceof ArrayValue arr && arr.items().contains(aud)))) {
      return fail;
    }
    return ArrayValue.of(BooleanValue.TRUE, header, payload);
  }

  private static String sign(String header, String payload, ObjectValue jwk) {
    ObjectValue h = (ObjectValue) io.trustee.rego.Json.parse(header);
    String alg = h.get("alg") instanceof StringValue s ? s.value() : "";
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String input =
        enc.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + enc.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    byte[] data = input.getBytes(StandardCharsets.US_ASCII);
    byte[] sig;
    if (alg.startsWith("HS")) {
      sig = hmac(alg, b64(((StringValue) jwk.get("k")).value()), data);
    } else if (alg.startsWith("RS") || alg.startsWith("PS")) {
      try {
        PrivateKey k =
            KeyFactory.getInstance("RSA")
                .generatePrivate(new RSAPrivateKeySpec(big(jwk, "n"), big(jwk, "d")));
        Signature s = signature(alg);
        s.initSign(k);
        s.update(data);
        sig = s.sign();
      } catch (GeneralSecurityException e) {
        throw BuiltinException.error("failed to sign: " + e.getMessage());
      }
    } else if (alg.startsWith("ES")) {
      try {
        String crv = ((StringValue) jwk.get("crv")).value();
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(
            new ECGenParameterSpec(
                switch (crv) {
                  case "P-256" -> "secp256r1";
                  case "P-384" -> "secp384r1";
                  default -> "secp521r1";
                }));
        PrivateKey k =
            KeyFactory.getInstance("EC")
                .generatePrivate(
                    new java.security.spec.ECPrivateKeySpec(
                        big(jwk, "d"), p.getParameterSpec(ECParameterSpec.class)));
        Signature s = signature(alg);
        s.initSign(k);
        s.update(data);
        sig = s.sign();
      } catch (GeneralSecurityException | ClassCastException e) {
        throw BuiltinException.error("failed to sign: " + e.getMessage());
      }
    } else if (alg.equals("none")) {
      sig = new byte[0];
    } else {
      throw BuiltinException.error("unsupported signing algorithm " + alg);
    }
    return input + "." + enc.encodeToString(sig);
  }
}
