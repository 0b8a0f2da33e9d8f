package io.trustee.kbs.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Public JWKs to JDK keys and JWK Set sources, both on Nimbus. {@link #toPublicKey} accepts EC
 * P-256/384/521 (Nimbus checks the point is on the curve), RSA and OKP Ed25519, and refuses private
 * members ({@code d}, {@code p}, …) and symmetric keys ({@code oct}). {@link #source} reads a JWK
 * Set from a local path or a {@code file://} URL once, or serves one from an {@code https://} URL
 * through Nimbus's {@link JWKSourceBuilder} (cached, refreshed when a token names an unknown {@code
 * kid}, so key rotation at the issuer needs no restart); a document with {@code jwks_uri} (an
 * OpenID configuration) is followed once. Stateless and thread-safe.
 */
public final class JwkKeys {
  private static final int TIMEOUT_MS = 10_000;
  private static final int SIZE_LIMIT = 512 * 1024;
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
    try {
      return toPublicKey(JWK.parse(jwk.toString()));
    } catch (ParseException e) {
      throw new IllegalArgumentException("jwk rejected: " + e.getMessage(), e);
    }
  }

  /**
   * Converts a public Nimbus JWK.
   *
   * @throws IllegalArgumentException if it is private, symmetric or of an unsupported type
   */
  public static PublicKey toPublicKey(JWK jwk) {
    for (String priv : List.of("d", "p", "q", "dp", "dq", "qi", "k")) {
      if (jwk.toJSONObject().containsKey(priv)) {
        throw new IllegalArgumentException("jwk carries private or symmetric member " + priv);
      }
    }
    if (jwk instanceof OctetKeyPair okp) {
      return ed25519(okp);
    }
    if (!(jwk instanceof AsymmetricJWK asym)) {
      throw new IllegalArgumentException("unsupported kty " + jwk.getKeyType());
    }
    try {
      return asym.toPublicKey();
    } catch (JOSEException e) {
      throw new IllegalArgumentException("jwk rejected by the JDK", e);
    }
  }

  /**
   * Nimbus parses OKP keys but converts them to JDK keys only through Google Tink, so the 32-byte
   * Ed25519 point goes into a JDK {@code SubjectPublicKeyInfo} (fixed 12-byte DER prefix).
   */
  private static PublicKey ed25519(OctetKeyPair okp) {
    if (!Curve.Ed25519.equals(okp.getCurve())) {
      throw new IllegalArgumentException("unsupported OKP curve");
    }
    byte[] x = okp.getDecodedX();
    if (x.length != 32) {
      throw new IllegalArgumentException("Ed25519 key must be 32 bytes");
    }
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("jwk rejected by the JDK", e);
    }
  }

  /**
   * The JWK Set at {@code uri}: a local path, {@code file://…} or {@code https://…}. Local sets are
   * read now; an https set is checked now and then served by a caching, refreshing Nimbus source.
   *
   * @throws IOException if it cannot be read or is not a JWK Set
   */
  public static JWKSource<SecurityContext> source(String uri) throws IOException {
    return source(uri, true);
  }

  private static JWKSource<SecurityContext> source(String uri, boolean followJwksUri)
      throws IOException {
    Map<String, Object> doc = fetch(uri);
    if (!doc.containsKey("keys") && doc.get("jwks_uri") instanceof String next && followJwksUri) {
      return source(next, false);
    }
    if (!(doc.get("keys") instanceof List<?>)) {
      throw new IOException(uri + ": not a JWK Set (no keys array)");
    }
    JWKSet set;
    try {
      set = JWKSet.parse(doc);
    } catch (ParseException e) {
      throw new IOException(uri + ": not a JWK Set (" + e.getMessage() + ")", e);
    }
    if (!uri.startsWith("https://")) {
      return new ImmutableJWKSet<>(set);
    }
    return JWKSourceBuilder.<SecurityContext>create(new URL(uri), retriever())
        .retrying(true)
        .build();
  }

  /** Reads a document from a local path, {@code file://} or {@code https://} URL as text. */
  public static String readText(String uri) throws IOException {
    if (uri.startsWith("https://")) {
      return retriever().retrieveResource(new URL(uri)).getContent();
    }
    if (uri.startsWith("http://")) {
      throw new IOException(uri + ": plain http is not allowed for key material");
    }
    Path path = uri.startsWith("file://") ? Path.of(URI.create(uri)) : Path.of(uri);
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> fetch(String uri) throws IOException {
    try {
      return JSONObjectUtils.parse(readText(uri));
    } catch (ParseException e) {
      throw new IOException(uri + ": not JSON", e);
    }
  }

  private static DefaultResourceRetriever retriever() {
    return new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, SIZE_LIMIT);
  }
}
