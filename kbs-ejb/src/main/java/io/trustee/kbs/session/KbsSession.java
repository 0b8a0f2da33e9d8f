package io.trustee.kbs.session;

import io.trustee.kbs.protocol.Nonce;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.SessionId;
import io.trustee.kbs.protocol.TeeName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One RCAR session (kbs-protocol.md §4): created by {@code /auth} in state {@link State#AUTHED}
 * with the challenge nonce, the TEE and protocol version the guest announced, and an absolute
 * expiry fixed at creation; {@code /attest} moves it to {@link State#ATTESTED} and stores the
 * token. Lives in the database so that any replica can serve the next request.
 *
 * <p>Immutable. {@link #toString()} omits the nonce and token and shows only a prefix of the id.
 */
public record KbsSession(
    SessionId id,
    TeeName tee,
    ProtocolVersion protocolVersion,
    Nonce nonce,
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
    return "KbsSession["
        + id
        + ", "
        + tee
        + ", v"
        + protocolVersion.wire()
        + ", "
        + state
        + ", expires "
        + expiresAt
        + "]";
  }
}
