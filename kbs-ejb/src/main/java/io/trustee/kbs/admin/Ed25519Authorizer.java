package io.trustee.kbs.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.SignedJWT;
import io.trustee.kbs.crypto.Digests;
import io.trustee.kbs.token.CompactJws;
import io.trustee.kbs.token.Ed25519Jws;
import io.trustee.kbs.token.TokenVerificationException;
import io.trustee.kbs.util.Bytes;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * EdDSA (Ed25519) bearer JWTs checked against a fixed set of keys: the legacy dialect-A/F {@code
 * auth_public_key} (one key, id {@code "admin"}) or the dialect-B {@code Simple} personas (id →
 * key; a token is accepted if any persona key verifies it; no personas = nothing is accepted).
 * Header {@code alg} must be {@code EdDSA}; the signature is checked through Nimbus's {@code
 * SignedJWT.verify} with {@link Ed25519Jws}. There is no role and no ACL in these modes.
 *
 * <p>Time checks: {@link AdminTokenLifetime} ({@code exp} required and bounded, unless the legacy
 * switch re-allows tokens without {@code exp}: upstream's admin tokens were often minted without
 * it, and upstream accepts them forever). Immutable and thread-safe.
 */
public final class Ed25519Authorizer implements AdminAuthorizer {
  private final Map<String, PublicKey> keys;
  private final AdminMode mode;
  private final AdminTokenLifetime lifetime;
  private final Clock clock;

  private Ed25519Authorizer(
      Map<String, PublicKey> keys, AdminMode mode, AdminTokenLifetime lifetime, Clock clock) {
    for (Map.Entry<String, PublicKey> e : keys.entrySet()) {
      if (!(e.getValue() instanceof EdECPublicKey ed)
          || !"Ed25519".equals(ed.getParams().getName())) {
        throw new IllegalArgumentException(
            "admin key " + e.getKey() + " is not an Ed25519 public key");
      }
    }
    this.keys = Map.copyOf(keys);
    this.mode = mode;
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Legacy {@code auth_public_key} with the {@linkplain AdminTokenLifetime#DEFAULT default} times.
   */
  public static Ed25519Authorizer legacyKey(PublicKey key, Clock clock) {
    return legacyKey(key, AdminTokenLifetime.DEFAULT, clock);
  }

  /** Legacy {@code auth_public_key}. */
  public static Ed25519Authorizer legacyKey(
      PublicKey key, AdminTokenLifetime lifetime, Clock clock) {
    return new Ed25519Authorizer(Map.of("admin", key), AdminMode.ED25519_KEY, lifetime, clock);
  }

  /** Personas with the {@linkplain AdminTokenLifetime#DEFAULT default} times. */
  public static Ed25519Authorizer personas(Map<String, PublicKey> personas, Clock clock) {
    return personas(personas, AdminTokenLifetime.DEFAULT, clock);
  }

  /** {@code type = "Simple"} with personas (id → key), tried in iteration order. */
  public static Ed25519Authorizer personas(
      Map<String, PublicKey> personas, AdminTokenLifetime lifetime, Clock clock) {
    return new Ed25519Authorizer(
        new LinkedHashMap<>(personas), AdminMode.SIMPLE_PERSONAS, lifetime, clock);
  }

  @Override
  public AdminPrincipal authorize(Optional<String> header, String requestTarget)
      throws AdminAuthException {
    CompactJws jws = BearerTokens.parse(header);
    if (!"EdDSA".equals(jws.alg())) {
      throw new AdminAuthException(
          AdminAuthException.Reason.UNTRUSTED_TOKEN, "admin tokens must be signed EdDSA");
    }
    SignedJWT jwt;
    try {
      jwt = jws.jwt();
    } catch (TokenVerificationException e) {
      throw new AdminAuthException(
          "bad signature".equals(e.reason())
              ? AdminAuthException.Reason.UNTRUSTED_TOKEN
              : AdminAuthException.Reason.MALFORMED_TOKEN,
          e.getMessage());
    }
    for (Map.Entry<String, PublicKey> e : keys.entrySet()) {
      boolean ok;
      try {
        ok = jwt.verify(Ed25519Jws.verifier(e.getValue()));
      } catch (JOSEException ex) {
        ok = false;
      }
      if (ok) {
        lifetime.check(jws.payload(), clock.instant());
        return new AdminPrincipal(
            e.getKey(),
            Optional.empty(),
            mode.label(),
            Optional.empty(),
            Optional.of(fingerprint(e.getValue())));
      }
    }
    throw new AdminAuthException(
        AdminAuthException.Reason.UNTRUSTED_TOKEN, "no configured admin key verifies the token");
  }

  /** {@code ed25519:} and the SHA-256 (hex) of the key's SubjectPublicKeyInfo DER. */
  public static String fingerprint(PublicKey key) {
    return "ed25519:" + Bytes.toHex(Digests.sha256(key.getEncoded()));
  }

  @Override
  public AdminMode mode() {
    return mode;
  }

  @Override
  public String toString() {
    return "Ed25519Authorizer[" + mode + ", " + keys.keySet() + "]";
  }
}
