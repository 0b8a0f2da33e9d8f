package io.trustee.kbs.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One RCAR session (kbs-protocol.md §4): created by {@code /auth} in state {@link State#AUTHED}
 * with the challenge nonce, the TEE and protocol version the guest announced, and an absolute
 * expiry fixed at creation; {@code /attest} moves it to {@link State#ATTESTED} and stores the
 * token. Lives in the database so that any replica can serve the next request.
 *
 * <p>Immutable. {@link #toString()} omits the nonce and token.
 */
public record KbsSession(
    String id,
    String tee,
    String protocolVersion,
    String nonce,
    State state,
    String token,
    Instant createdAt,
    Instant expiresAt) {

  /** Session states of the protocol. */
  public enum State {
    AUTHED,
    ATTESTED
  }

  public KbsSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tee, "tee");
    Objects.requireNonNull(protocolVersion, "protocolVersion");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!id.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("session id must be 32 lowercase hex digits");
    }
    if (state == State.ATTESTED && (token == null || token.isEmpty())) {
      throw new IllegalArgumentException("an attested session needs its token");
    }
  }

  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  public Optional<String> tokenIfAttested() {
    return state == State.ATTESTED ? Optional.of(token) : Optional.empty();
  }

  public KbsSession attested(String newToken) {
    return new KbsSession(
        id, tee, protocolVersion, nonce, State.ATTESTED, newToken, createdAt, expiresAt);
  }

  @Override
  public String toString() {
    return "KbsSession[" + id + ", " + tee + ", v" + protocolVersion + ", " + state
        + ", expires " + expiresAt + "]";
  }
}
