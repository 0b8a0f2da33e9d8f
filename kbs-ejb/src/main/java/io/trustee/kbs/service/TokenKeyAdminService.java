package io.trustee.kbs.service;

import io.trustee.kbs.store.StoredSigningKey;
import io.trustee.kbs.token.SigningKeyRing;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Token signing keys for administrators: the ring (no private material) and rotation. A rotation
 * through this replica is used here at once and by the other replicas within {@link
 * TokenKeys#REFRESH}; tokens of the retired key keep verifying until they have expired.
 */
@Stateless
public class TokenKeyAdminService {

  @Inject SigningKeyRingService ring;
  @Inject TokenKeys tokens;
  @Inject Clock clock;

  /** {@code {"active": kid, "keys": [{kid, alg, state, source, kek_id, created_at, …}]}}. */
  public TokenKeyRingView list() {
    List<StoredSigningKey> stored = ring.all();
    SigningKeyRing r = SigningKeyRingService.ring(stored);
    Instant now = clock.instant();
    List<TokenKeyRingView.Key> keys = new ArrayList<>();
    for (SigningKeyRing.Entry e : r.entries()) {
      StoredSigningKey k =
          stored.stream().filter(s -> s.kid().equals(e.kid())).findFirst().orElseThrow();
      keys.add(
          new TokenKeyRingView.Key(
              k.kid(),
              k.alg(),
              e == r.active()
                  ? "active"
                  : e.verifiesAt(now, tokens.grace()) ? "verifying" : "expired",
              k.source(),
              k.kekId(),
              k.createdAt().toString(),
              k.activatedAt().toString(),
              k.retiredAt().map(Object::toString).orElse(null)));
    }
    return new TokenKeyRingView(r.active().kid(), tokens.grace().toString(), keys);
  }

  /** Makes a fresh key the signing key; returns {@link #list()} afterwards. */
  public TokenKeyRingView rotate() {
    ring.rotate();
    tokens.refreshNow();
    return list();
  }
}
