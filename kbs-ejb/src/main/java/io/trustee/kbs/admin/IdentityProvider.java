package io.trustee.kbs.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import io.trustee.kbs.token.JwkKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A trusted issuer of admin bearer tokens ({@code bearer_jwt.identity_providers} entry): optional
 * {@code issuer} and {@code audience} constraints plus the keys from {@code public_key_uri} (a PEM
 * public key; the token header picks the algorithm, which must fit the key type) and/or {@code
 * jwk_set_uri} (header {@code kid} picks the key, the key's {@code alg} the algorithm). Key
 * material is read once, at construction. Immutable and thread-safe.
 */
public record IdentityProvider(
    Optional<String> issuer,
    Optional<String> audience,
    Optional<PublicKey> publicKey,
    List<JsonNode> jwks) {

  public IdentityProvider {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(publicKey, "publicKey");
    jwks = jwks.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    if (publicKey.isEmpty() && jwks.isEmpty()) {
      throw new IllegalArgumentException(
          "identity provider needs public_key_uri or jwk_set_uri with at least one key");
    }
  }

  @Override
  public List<JsonNode> jwks() {
    return jwks.stream().<JsonNode>map(JsonNode::deepCopy).toList();
  }

  /**
   * Loads a configured provider. URIs may be local paths, {@code file://} or {@code https://}.
   *
   * @throws IOException naming the key that cannot be read
   */
  public static IdentityProvider load(
      Optional<String> issuer,
      Optional<String> audience,
      Optional<String> publicKeyUri,
      Optional<String> jwkSetUri)
      throws IOException {
    if (publicKeyUri.isEmpty() && jwkSetUri.isEmpty()) {
      throw new IOException("identity provider without public_key_uri or jwk_set_uri");
    }
    Optional<PublicKey> key = Optional.empty();
    if (publicKeyUri.isPresent()) {
      String uri = publicKeyUri.get();
      String pem;
      try {
        pem = readText(uri);
      } catch (IOException e) {
        throw new IOException("public_key_uri " + uri + ": cannot read (" + e + ")", e);
      }
      try {
        key = Optional.of(Pem.parsePublicKey(pem, uri));
      } catch (PemException e) {
        throw new IOException("public_key_uri " + e.getMessage(), e);
      }
    }
    List<JsonNode> keys = new ArrayList<>();
    if (jwkSetUri.isPresent()) {
      try {
        keys.addAll(JwkKeys.loadJwkSet(jwkSetUri.get()));
      } catch (IOException e) {
        if (!jwkSetUri.get().startsWith("https://")) {
          throw new IOException("jwk_set_uri " + e.getMessage(), e);
        }
        // https: the URI may be an issuer base URL; try OpenID discovery as upstream does.
        String base = jwkSetUri.get().replaceAll("/+$", "");
        keys.addAll(JwkKeys.loadJwkSet(base + "/.well-known/openid-configuration"));
      }
    }
    return new IdentityProvider(issuer, audience, key, keys);
  }

  private static String readText(String uri) throws IOException {
    if (uri.startsWith("https://")) {
      HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      try {
        HttpResponse<String> r =
            c.send(
                HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IOException(uri + ": HTTP " + r.statusCode());
        }
        return r.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(uri + ": interrupted", e);
      }
    }
    if (uri.startsWith("http://")) {
      throw new IOException(uri + ": plain http is not allowed for key material");
    }
    Path p = uri.startsWith("file://") ? Path.of(URI.create(uri)) : Path.of(uri);
    return java.nio.file.Files.readString(p, StandardCharsets.US_ASCII);
  }
}
