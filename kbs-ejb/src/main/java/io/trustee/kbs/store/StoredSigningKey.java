package io.trustee.kbs.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token signing key as the database holds it: the public JWK in clear, the private key sealed
 * under the key-encryption key {@code kekId} (never plaintext). Immutable; the array is copied.
 *
 * @param kid RFC 7638 thumbprint of the public key
 * @param alg JWS algorithm (ES256)
 * @param publicJwk the public JWK as JSON text
 * @param sealedPrivate the PKCS#8 private key sealed by the resource cipher
 * @param kekId the key-encryption key that sealed it
 * @param source where the key came from ({@code generated}, {@code file}, {@code rotated})
 * @param createdAt when the row was written
 * @param activatedAt when it became the signing key
 * @param retiredAt when a newer key replaced it
 */
public record StoredSigningKey(
    String kid,
    String alg,
    String publicJwk,
    byte[] sealedPrivate,
    String kekId,
    String source,
    Instant createdAt,
    Instant activatedAt,
    Optional<Instant> retiredAt) {
  public StoredSigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(alg, "alg");
    Objects.requireNonNull(publicJwk, "publicJwk");
    sealedPrivate = Objects.requireNonNull(sealedPrivate, "sealedPrivate").clone();
    Objects.requireNonNull(kekId, "kekId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(activatedAt, "activatedAt");
    Objects.requireNonNull(retiredAt, "retiredAt");
  }

  @Override
  public byte[] sealedPrivate() {
    return sealedPrivate.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredSigningKey k
        && k.kid.equals(kid)
        && java.util.Arrays.equals(k.sealedPrivate, sealedPrivate)
        && k.kekId.equals(kekId)
        && k.retiredAt.equals(retiredAt)
        && k.activatedAt.equals(activatedAt);
  }

  @Override
  public int hashCode() {
    return kid.hashCode();
  }

  @Override
  public String toString() {
    return "StoredSigningKey[" + kid + ", kek " + kekId + ", retired " + retiredAt + "]";
  }
}
