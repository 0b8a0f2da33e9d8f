package io.trustee.kbs.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The {@code /auth} response body {@code {"nonce": "...", "extra-params": ""}} (kbs-protocol.md
 * §3.1 step 3). {@code extra-params} is always the empty string: the only TEE that receives
 * anything else is IBM {@code se}, which this server does not implement.
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

  /** The response JSON. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("nonce", nonce.value());
    o.put("extra-params", "");
    return o;
  }
}
