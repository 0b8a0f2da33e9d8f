package io.trustee.kbs.store;

import io.trustee.kbs.resource.ResourcePath;
import java.time.Instant;
import java.util.Objects;

/**
 * A secret as the database holds it: sealed (AES-256-GCM under the key-encryption key named by
 * {@code keyId}), never plaintext. Immutable; the byte array is copied in and out.
 */
public final class StoredResource {
  private final ResourcePath path;
  private final byte[] sealed;
  private final String keyId;
  private final Instant updatedAt;

  public StoredResource(ResourcePath path, byte[] sealed, String keyId, Instant updatedAt) {
    this.path = Objects.requireNonNull(path, "path");
    this.sealed = Objects.requireNonNull(sealed, "sealed").clone();
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public ResourcePath path() {
    return path;
  }

  public byte[] sealed() {
    return sealed.clone();
  }

  public String keyId() {
    return keyId;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  @Override
  public String toString() {
    return "StoredResource[" + path + ", key " + keyId + ", " + sealed.length + " bytes sealed]";
  }
}
