package io.trustee.kbs.token;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * This server's own token signing keys as the verifier sees them: the keys of the key ring that may
 * still verify (active and retired-within-grace). Implementations must be thread-safe; the server's
 * one ({@code TokenKeys}) re-reads the ring from the database when it is older than a few seconds
 * or when a token names a kid it does not know.
 */
public interface OwnSigningKeys {

  /** The verifying key named {@code kid}, if it is one of ours. */
  Optional<PublicKey> byKid(String kid);

  /** Whether {@code key} is one of our verifying keys. */
  boolean isOwn(PublicKey key);

  /** Whether there is any own key (a trust source of its own). */
  boolean present();

  /** No own key. */
  OwnSigningKeys NONE = of(Optional.empty());

  /** A fixed single key (or none), matched by its encoding; it has no kid. */
  static OwnSigningKeys of(Optional<PublicKey> key) {
    return new OwnSigningKeys() {
      @Override
      public Optional<PublicKey> byKid(String kid) {
        return Optional.empty();
      }

      @Override
      public boolean isOwn(PublicKey k) {
        return key.isPresent() && Arrays.equals(key.get().getEncoded(), k.getEncoded());
      }

      @Override
      public boolean present() {
        return key.isPresent();
      }
    };
  }
}
