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
  private static final List<String> ASYMMETRIC =
      List.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  private JwtBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(m, "io.jwt.decode", 1, a -> decode(Args.str(a, 0)));
    for (String alg :
        List.of(
            "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "EdDSA")) {
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
            StringValue.of(sign(Args.str(a, 0), Args.str(a, 1), parseJson(Args.str(a, 2), "JWK"))));
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
    if (alg.equals("EdDSA")) {
      return Signature.getInstance("Ed25519");
    }
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
        for (String kf : List.of("RSA", "EC", "Ed25519")) {
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
      ECParameterSpec spec = curve(jwk);
      return KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(new ECPoint(big(jwk, "x"), big(jwk, "y")), spec));
    }
    if (kty.equals("OKP")) {
      requireEd25519(jwk);
      byte[] x = b64(field(jwk, "x"));
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(concat(ED25519_SPKI_PREFIX, x)));
    }
    throw BuiltinException.error("unsupported JWK key type " + kty);
  }

  /** DER of an Ed25519 SubjectPublicKeyInfo up to the 32 key bytes (RFC 8410). */
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  /** DER of an Ed25519 PKCS #8 OneAsymmetricKey up to the 32-byte seed (RFC 8410). */
  private static final byte[] ED25519_PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private static void requireEd25519(ObjectValue jwk) {
    Value crv = jwk.get("crv");
    if (!StringValue.of("Ed25519").equals(crv)) {
      throw BuiltinException.error("unsupported OKP curve " + (crv == null ? "(none)" : crv));
    }
  }

  private static String field(ObjectValue jwk, String name) {
    if (!(jwk.get(name) instanceof StringValue s)) {
      throw BuiltinException.error("JWK is missing " + name);
    }
    return s.value();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
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
    Value cert = constraints.get("cert");
    Value secret = constraints.get("secret");
    Value wantAlg = constraints.get("alg");
    String token = jwt;
    ObjectValue header;
    ObjectValue payload;
    while (true) {
      String[] parts = split(token);
      header = (ObjectValue) json(parts[0], "header");
      if (header.get("crit") != null) {
        // no JWS extension is understood, so a critical one cannot be honoured (RFC 7515 4.1.11)
        return fail;
      }
      String alg = header.get("alg") instanceof StringValue s ? s.value() : "";
      if (wantAlg != null && !wantAlg.equals(StringValue.of(alg))) {
        return fail;
      }
      boolean ok;
      if (alg.startsWith("HS") && alg.length() == 5 && secret instanceof StringValue sv) {
        ok = verify(alg, token, sv.value());
      } else if (ASYMMETRIC.contains(alg) && cert instanceof StringValue cv) {
        ok = verify(alg, token, cv.value());
      } else {
        ok = false;
      }
      if (!ok) {
        return fail;
      }
      if (header.get("cty") instanceof StringValue cty && cty.value().equalsIgnoreCase("JWT")) {
        // a nested token: its payload is the next token, verified with the same constraints
        token = new String(b64(parts[1]), StandardCharsets.UTF_8);
        continue;
      }
      payload = (ObjectValue) json(parts[1], "payload");
      break;
    }
    double now =
        constraints.get("time") instanceof NumberValue t
            ? t.doubleValue() / 1e9
            : System.currentTimeMillis() / 1000.0;
    Value exp = payload.get("exp");
    if (exp != null && !(exp instanceof NumberValue)) {
      throw BuiltinException.error("exp value must be a number");
    }
    if (exp != null && now >= ((NumberValue) exp).doubleValue()) {
      return fail;
    }
    Value nbf = payload.get("nbf");
    if (nbf != null && !(nbf instanceof NumberValue)) {
      throw BuiltinException.error("nbf value must be a number");
    }
    if (nbf != null && now < ((NumberValue) nbf).doubleValue()) {
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

  /** The key of a JWK or, for a JWK set, its first key. */
  private static ObjectValue signingKey(Value jwk) {
    if (jwk instanceof ObjectValue o && o.get("keys") instanceof ArrayValue keys) {
      if (keys.size() == 0 || !(keys.get(0) instanceof ObjectValue first)) {
        throw BuiltinException.error("failed to parse JWK: empty key set");
      }
      return first;
    }
    if (!(jwk instanceof ObjectValue o)) {
      throw BuiltinException.error("failed to parse JWK: not a JSON object");
    }
    if (!(o.get("kty") instanceof StringValue)) {
      throw BuiltinException.error("failed to parse JWK: missing kty");
    }
    return o;
  }

  private static Value parseJson(String text, String what) {
    try {
      return io.trustee.rego.Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error(what + " is not valid JSON: " + e.getMessage());
    }
  }

  private static String sign(String header, String payload, Value jwkValue) {
    ObjectValue jwk = signingKey(jwkValue);
    if (!(parseJson(header, "JWS header") instanceof ObjectValue h)) {
      throw BuiltinException.error("JWS header is not a JSON object");
    }
    String alg = h.get("alg") instanceof StringValue s ? s.value() : "";
    if (!alg.equals("none")
        && !ASYMMETRIC.contains(alg)
        && !List.of("HS256", "HS384", "HS512").contains(alg)) {
      throw BuiltinException.error("unknown signature algorithm");
    }
    Value typ = h.get("typ");
    if (typ == null || StringValue.of("JWT").equals(typ)) {
      try {
        io.trustee.rego.Json.parse(payload);
      } catch (IllegalArgumentException e) {
        throw BuiltinException.error("type is JWT but payload is not JSON");
      }
    }
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String input =
        enc.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + enc.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    byte[] data = input.getBytes(StandardCharsets.US_ASCII);
    String kty = ((StringValue) jwk.get("kty")).value();
    byte[] sig;
    try {
      if (alg.startsWith("HS")) {
        requireKty(kty, "oct", alg);
        sig = hmac(alg, b64(field(jwk, "k")), data);
      } else if (alg.equals("none")) {
        sig = new byte[0];
      } else {
        PrivateKey k;
        if (alg.startsWith("RS") || alg.startsWith("PS")) {
          requireKty(kty, "RSA", alg);
          k =
              KeyFactory.getInstance("RSA")
                  .generatePrivate(new RSAPrivateKeySpec(big(jwk, "n"), big(jwk, "d")));
        } else if (alg.startsWith("ES")) {
          requireKty(kty, "EC", alg);
          k =
              KeyFactory.getInstance("EC")
                  .generatePrivate(
                      new java.security.spec.ECPrivateKeySpec(big(jwk, "d"), curve(jwk)));
        } else {
          requireKty(kty, "OKP", alg);
          requireEd25519(jwk);
          k =
              KeyFactory.getInstance("Ed25519")
                  .generatePrivate(
                      new java.security.spec.PKCS8EncodedKeySpec(
                          concat(ED25519_PKCS8_PREFIX, b64(field(jwk, "d")))));
        }
        Signature s = signature(alg);
        s.initSign(k);
        s.update(data);
        sig = s.sign();
      }
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("failed to sign: " + e.getMessage());
    }
    return input + "." + enc.encodeToString(sig);
  }

  private static void requireKty(String kty, String want, String alg) {
    if (!kty.equals(want)) {
      throw BuiltinException.error(
          "failed to sign: a " + alg + " signature needs a key of type " + want + ", got " + kty);
    }
  }

  private static ECParameterSpec curve(ObjectValue jwk) throws GeneralSecurityException {
    String std =
        switch (field(jwk, "crv")) {
          case "P-256" -> "secp256r1";
          case "P-384" -> "secp384r1";
          case "P-521" -> "secp521r1";
          default -> throw BuiltinException.error("unsupported EC curve " + jwk.get("crv"));
        };
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec(std));
    return p.getParameterSpec(ECParameterSpec.class);
  }
}
