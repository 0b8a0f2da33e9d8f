package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.crypto.EcCurves;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Public JWKs to JDK keys (EC P-256/384/521 with on-curve check, RSA, OKP Ed25519), and JWK Set
 * loading from a local path, a {@code file://} URL or an {@code https://} URL (a JWKS document, or
 * an OpenID configuration whose {@code jwks_uri} is followed once). Private members ({@code d},
 * {@code p}, …) and symmetric keys ({@code oct}) are refused. Stateless and thread-safe.
 */
public final class JwkKeys {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private JwkKeys() {}

  /**
   * Converts a public JWK.
   *
   * @throws IllegalArgumentException naming the bad member
   */
  public static PublicKey toPublicKey(JsonNode jwk) {
    if (jwk == null || !jwk.isObject()) {
      throw new IllegalArgumentException("jwk is not an object");
    }
    for (String priv : List.of("d", "p", "q", "dp", "dq", "qi", "k")) {
      if (jwk.has(priv)) {
        throw new IllegalArgumentException("jwk carries private or symmetric member " + priv);
      }
    }
    String kty = text(jwk, "kty");
    try {
      switch (kty) {
        case "EC" -> {
          String crv = text(jwk, "crv");
          ECParameterSpec params =
              EcCurves.byJoseName(crv)
                  .orElseThrow(() -> new IllegalArgumentException("unsupported crv " + crv));
          int len = (params.getCurve().getField().getFieldSize() + 7) / 8;
          byte[] x = b64url(jwk, "x");
          byte[] y = b64url(jwk, "y");
          if (x.length != len || y.length != len) {
            throw new IllegalArgumentException("EC coordinates must be " + len + " bytes");
          }
          ECPoint w = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
          if (!EcCurves.isOnCurve(w, params.getCurve())) {
            throw new IllegalArgumentException("EC point not on " + crv);
          }
          return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
        }
        case "RSA" -> {
          return KeyFactory.getInstance("RSA")
              .generatePublic(
                  new RSAPublicKeySpec(
                      new BigInteger(1, b64url(jwk, "n")), new BigInteger(1, b64url(jwk, "e"))));
        }
        case "OKP" -> {
          if (!"Ed25519".equals(text(jwk, "crv"))) {
            throw new IllegalArgumentException("unsupported OKP curve");
          }
          byte[] x = b64url(jwk, "x");
          if (x.length != 32) {
            throw new IllegalArgumentException("Ed25519 key must be 32 bytes");
          }
          byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
          System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
          System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
          return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        }
        default -> throw new IllegalArgumentException("unsupported kty " + kty);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("jwk rejected by the JDK", e);
    }
  }

  /**
   * Loads the keys of a JWK Set from {@code uri}: a local path, {@code file://…} or {@code
   * https://…}. An object with {@code jwks_uri} (OpenID configuration) is followed once.
   *
   * @throws IOException if it cannot be read or is not a JWK Set
   */
  public static List<JsonNode> loadJwkSet(String uri) throws IOException {
    JsonNode doc = fetch(uri);
    if (!doc.has("keys") && doc.hasNonNull("jwks_uri") && doc.get("jwks_uri").isTextual()) {
      doc = fetch(doc.get("jwks_uri").textValue());
    }
    JsonNode keys = doc.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new IOException(uri + ": not a JWK Set (no keys array)");
    }
    List<JsonNode> out = new ArrayList<>();
    keys.forEach(out::add);
    return List.copyOf(out);
  }

  private static JsonNode fetch(String uri) throws IOException {
    if (uri.startsWith("https://")) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET().build();
      try {
        HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
          throw new IOException(uri + ": HTTP " + resp.statusCode());
        }
        return JSON.readTree(resp.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(uri + ": interrupted", e);
      }
    }
    if (uri.startsWith("http://")) {
      throw new IOException(uri + ": plain http is not allowed for key material");
    }
    Path path = uri.startsWith("file://") ? Path.of(URI.create(uri)) : Path.of(uri);
    return JSON.readTree(Files.readAllBytes(path));
  }

  private static String text(JsonNode jwk, String name) {
    JsonNode v = jwk.get(name);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("jwk member " + name + " missing or not a string");
    }
    return v.textValue();
  }

  private static byte[] b64url(JsonNode jwk, String name) {
    String s = text(jwk, name);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("jwk member " + name + " is empty");
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("jwk member " + name + " is not base64url");
    }
  }
}
