package io.trustee.kbs.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.protocol.Nonce;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.SessionId;
import io.trustee.kbs.protocol.TeeName;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KbsSessionTest {
  static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

  static KbsSession authed(SessionId id, Nonce nonce) {
    return new KbsSession(
        id,
        new TeeName("sample"),
        ProtocolVersion.V0_4_0,
        nonce,
        KbsSession.State.AUTHED,
        null,
        NOW,
        NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void attestedKeepsEverythingButStateAndToken() {
    KbsSession s = authed(SessionId.random(), Nonce.random(new SecureRandom()));
    KbsSession a = s.attested("tok");
    assertThat(a.state()).isEqualTo(KbsSession.State.ATTESTED);
    assertThat(a.tokenIfAttested()).contains("tok");
    assertThat(s.tokenIfAttested()).isEmpty();
    assertThat(a.id()).isEqualTo(s.id());
    assertThat(a.tee()).isEqualTo(s.tee());
    assertThat(a.protocolVersion()).isEqualTo(s.protocolVersion());
    assertThat(a.nonce()).isEqualTo(s.nonce());
    assertThat(a.expiresAt()).isEqualTo(s.expiresAt());
  }

  @Test
  void expiresAtItsExpiryInstant() {
    KbsSession s = authed(SessionId.random(), Nonce.random(new SecureRandom()));
    assertThat(s.isExpired(s.expiresAt().minusMillis(1))).isFalse();
    assertThat(s.isExpired(s.expiresAt())).isTrue();
  }

  @Test
  void attestedSessionNeedsItsToken() {
    KbsSession s = authed(SessionId.random(), Nonce.random(new SecureRandom()));
    assertThatThrownBy(() -> s.attested("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.attested(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringShowsNeitherTheWholeIdNorTheNonceNorTheToken() {
    SessionId id = SessionId.random();
    Nonce nonce = Nonce.random(new SecureRandom());
    String shown = authed(id, nonce).attested("secret-token").toString();
    assertThat(shown)
        .doesNotContain(id.value())
        .doesNotContain(nonce.value())
        .doesNotContain("secret-token")
        .contains("sample")
        .contains("v0.4.0");
  }
}
