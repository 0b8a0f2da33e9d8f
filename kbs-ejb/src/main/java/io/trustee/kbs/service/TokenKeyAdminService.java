package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.store.StoredSigningKey;
import io.trustee.kbs.token.SigningKeyRing;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
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
  public ObjectNode list() {
    List<StoredSigningKey> stored = ring.all();
    SigningKeyRing r = SigningKeyRingService.ring(stored);
    Instant now = clock.instant();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("active", r.active().kid());
    o.put("retired_keys_verify_for", tokens.grace().toString());
    ArrayNode keys = o.putArray("keys");
    for (SigningKeyRing.Entry e : r.entries()) {
      StoredSigningKey k =
          stored.stream().filter(s -> s.kid().equals(e.kid())).findFirst().orElseThrow();
      ObjectNode j = keys.addObject();
      j.put("kid", k.kid());
      j.put("alg", k.alg());
      j.put(
          "state",
          e == r.active() ? "active" : e.verifiesAt(now, tokens.grace()) ? "verifying" : "expired");
      j.put("source", k.source());
      j.put("kek_id", k.kekId());
      j.put("created_at", k.createdAt().toString());
      j.put("activated_at", k.activatedAt().toString());
      k.retiredAt().ifPresent(t -> j.put("retired_at", t.toString()));
    }
    return o;
  }

  /** Makes a fresh key the signing key; returns {@link #list()} afterwards. */
  public ObjectNode rotate() {
    ring.rotate();
    tokens.refreshNow();
    return list();
  }
}
