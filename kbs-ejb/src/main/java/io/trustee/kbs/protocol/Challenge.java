package io.trustee.kbs.protocol;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The challenge of the {@code /auth} response {@code {"nonce": "...", "extra-params": ""}}
 * (kbs-protocol.md §3.1 step 3). {@code extra-params} is always the empty string: the only TEE that
 * receives anything else is IBM {@code se}, which this server does not implement.
 *
 * <p>Immutable and thread-safe.
 */
public record Challenge(Nonce nonce) {

  public Challenge {
    Objects.requireNonNull(nonce, "nonce");
  }

  /** A challenge with a fresh nonce. */
  public static Challenge fresh(SecureRandom random) {
    return new Challenge(Nonce.random(random));
  }
}
