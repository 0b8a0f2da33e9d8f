package io.trustee.kbs.as;

import java.util.Objects;

/**
 * The init data a verification request expects the evidence to be bound to: a raw digest, or the
 * init-data TOML document whose hash is the expected digest and whose {@code data} table becomes
 * {@code init_data_claims} (§3.2). Not to be confused with {@link
 * io.trustee.kbs.protocol.InitData}, the {@code init-data} member of the KBS attestation body that
 * {@code KbsAttestation} turns into a {@link Toml}. Immutable (copied in and out).
 */
public sealed interface ExpectedInitData {

  /** The raw init-data digest. */
  record Digest(byte[] digest) implements ExpectedInitData {
    public Digest {
      digest = Objects.requireNonNull(digest, "digest").clone();
    }

    @Override
    public byte[] digest() {
      return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && java.util.Arrays.equals(d.digest, digest);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
      return "Digest[" + digest.length + " bytes]";
    }
  }

  /** The init-data TOML text exactly as received (it is hashed byte for byte). */
  record Toml(String text) implements ExpectedInitData {
    public Toml {
      Objects.requireNonNull(text, "text");
    }
  }
}
