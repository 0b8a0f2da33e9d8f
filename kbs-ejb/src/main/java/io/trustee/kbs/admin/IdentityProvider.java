package io.trustee.kbs.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import io.trustee.kbs.token.CompactJws;
import io.trustee.kbs.token.JwkKeys;
import io.trustee.kbs.token.JwsSignatures;
import io.trustee.kbs.token.TokenVerificationException;
import java.io.IOException;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A trusted issuer of admin bearer tokens ({@code bearer_jwt.identity_providers} entry): optional
 * {@code issuer} and {@code audience} constraints plus the keys from {@code public_key_uri} (a PEM
 * public key; the token header picks the algorithm, which must fit the key type: EC → ES256/ES384,
 * RSA → RS/PS, Ed25519 → EdDSA) and/or {@code jwk_set_uri} (header {@code kid} picks the key, the
 * key's {@code alg} the algorithm). A PEM key and local JWK Sets are read once, at construction; an
 * https JWK Set is served by Nimbus's caching, refreshing source, so the issuer can rotate keys.
 *
 * <p>{@link #accepts} runs Nimbus's {@link DefaultJWTProcessor}: the key selector pins the
 * algorithms as above ({@code none} and HMAC never verify), and a {@link DefaultJWTClaimsVerifier}
 * checks {@code iss} and {@code aud}; the time claims are {@link AdminTokenLifetime}'s. Immutable
 * and thread-safe.
 */
public final class IdentityProvider {
  private final Optional<String> issuer;
  private final Optional<String> audience;
  private final Optional<PublicKey> publicKey;
  private final Optional<JWKSource<SecurityContext>> jwks;
  private final DefaultJWTProcessor<SecurityContext> processor;

  private IdentityProvider(
      Optional<String> issuer,
      Optional<String> audience,
      Optional<PublicKey> publicKey,
      Optional<JWKSource<SecurityContext>> jwks) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.jwks = Objects.requireNonNull(jwks, "jwks");
    if (publicKey.isEmpty() && jwks.isEmpty()) {
      throw new IllegalArgumentException(
          "identity provider needs public_key_uri or jwk_set_uri with at least one key");
    }
    processor = new DefaultJWTProcessor<>();
    // Admin tokens are not required to carry a typ (upstream checks none).
    processor.setJWSTypeVerifier((type, ctx) -> {});
    processor.setJWSKeySelector(
        (header, ctx) -> keys(header.getAlgorithm().getName(), header.getKeyID(), ctx));
    processor.setJWSVerifierFactory(JwsSignatures.VERIFIERS);
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience.map(Set::of).orElse(null),
            issuer.map(i -> new JWTClaimsSet.Builder().issuer(i).build()).orElse(null),
            null,
            null) {
          @Override
          protected Date currentTime() {
            return null; // exp/nbf: AdminTokenLifetime, after the provider accepted the token
          }
        });
  }

  public Optional<String> issuer() {
    return issuer;
  }

  public Optional<String> audience() {
    return audience;
  }

  public Optional<PublicKey> publicKey() {
    return publicKey;
  }

  /**
   * Whether this provider's key verifies {@code jws} (with an algorithm the key allows) and its
   * {@code iss}/{@code aud} constraints hold. Never throws: any refusal is {@code false}.
   */
  boolean accepts(CompactJws jws) {
    if (!JwsSignatures.ASYMMETRIC.contains(jws.alg())) {
      return false;
    }
    try {
      processor.process(jws.jwt(), null);
      return true;
    } catch (TokenVerificationException | BadJOSEException | JOSEException e) {
      return false;
    }
  }

  /** The key selector: the PEM key if {@code alg} fits it, then the JWKs named by {@code kid}. */
  private List<Key> keys(String alg, String kid, SecurityContext ctx) throws KeySourceException {
    List<Key> out = new ArrayList<>();
    // Upstream's table for PEM keys: EC only ES256/ES384.
    if (publicKey.isPresent() && !"ES512".equals(alg) && JwsSignatures.fits(alg, publicKey.get())) {
      out.add(publicKey.get());
    }
    if (kid != null && jwks.isPresent()) {
      for (JWK jwk :
          jwks.get().get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), ctx)) {
        if (jwk.getAlgorithm() != null && alg.equals(jwk.getAlgorithm().getName())) {
          try {
            PublicKey key = JwkKeys.toPublicKey(jwk);
            if (JwsSignatures.fits(alg, key)) {
              out.add(key);
            }
          } catch (IllegalArgumentException e) {
            // not a usable public key: skip it
          }
        }
      }
    }
    return out;
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
        pem = JwkKeys.readText(uri);
      } catch (IOException e) {
        throw new IOException("public_key_uri " + uri + ": cannot read (" + e + ")", e);
      }
      try {
        key = Optional.of(Pem.parsePublicKey(pem, uri));
      } catch (PemException e) {
        throw new IOException("public_key_uri " + e.getMessage(), e);
      }
    }
    Optional<JWKSource<SecurityContext>> jwks = Optional.empty();
    if (jwkSetUri.isPresent()) {
      try {
        jwks = Optional.of(JwkKeys.source(jwkSetUri.get()));
      } catch (IOException e) {
        if (!jwkSetUri.get().startsWith("https://")) {
          throw new IOException("jwk_set_uri " + e.getMessage(), e);
        }
        // https: the URI may be an issuer base URL; try OpenID discovery as upstream does.
        String base = jwkSetUri.get().replaceAll("/+$", "");
        jwks = Optional.of(JwkKeys.source(base + "/.well-known/openid-configuration"));
      }
    }
    return new IdentityProvider(issuer, audience, key, jwks);
  }

  @Override
  public String toString() {
    return "IdentityProvider[issuer="
        + issuer.orElse("(any)")
        + ", audience="
        + audience.orElse("(any)")
        + ", pem="
        + publicKey.isPresent()
        + ", jwks="
        + jwks.isPresent()
        + "]";
  }
}
