package io.trustee.kbs.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTokenCacheTest {
  private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

  private static VerifiedToken token(long exp) {
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("exp", exp);
    claims.put("iss", "kbs");
    return new VerifiedToken(claims, true);
  }

  @Test
  void aRememberedTokenIsRecalledWithItsClaims() {
    SessionTokenCache cache = new SessionTokenCache(10);
    cache.remember("a.b.c", token(NOW.getEpochSecond() + 300), "kid1");
    assertThat(cache.recall("a.b.c", NOW, kid -> true))
        .hasValueSatisfying(v -> assertThat(v.claims().get("iss").asText()).isEqualTo("kbs"));
  }

  @Test
  void anotherTokenEvenOneCharacterOffMisses() {
    SessionTokenCache cache = new SessionTokenCache(10);
    cache.remember("a.b.c", token(NOW.getEpochSecond() + 300), "kid1");
    assertThat(cache.recall("a.b.d", NOW, kid -> true)).isEmpty();
  }

  @Test
  void aKeyNoLongerTrustedMissesAndTheKidIsTheOneRemembered() {
    SessionTokenCache cache = new SessionTokenCache(10);
    cache.remember("a.b.c", token(NOW.getEpochSecond() + 300), "kid1");
    assertThat(cache.recall("a.b.c", NOW, kid -> !kid.equals("kid1"))).isEmpty();
    assertThat(cache.recall("a.b.c", NOW, kid -> kid.equals("kid1"))).isPresent();
  }

  @Test
  void anExpiredTokenMissesAfterTheLeewayAndIsDropped() {
    SessionTokenCache cache = new SessionTokenCache(10);
    long exp = NOW.getEpochSecond();
    cache.remember("a.b.c", token(exp), "kid1");
    Instant withinLeeway = NOW.plus(AttestationTokenVerifier.LEEWAY);
    assertThat(cache.recall("a.b.c", withinLeeway, kid -> true)).isPresent();
    assertThat(cache.recall("a.b.c", withinLeeway.plusSeconds(1), kid -> true)).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aTokenWithoutExpIsNeverRemembered() {
    SessionTokenCache cache = new SessionTokenCache(10);
    cache.remember("a.b.c", new VerifiedToken(JsonNodeFactory.instance.objectNode(), true), "kid1");
    assertThat(cache.size()).isZero();
  }

  @Test
  void theLeastRecentlyUsedEntryIsDroppedBeyondTheBound() {
    SessionTokenCache cache = new SessionTokenCache(2);
    long exp = NOW.getEpochSecond() + 300;
    cache.remember("t1", token(exp), "k");
    cache.remember("t2", token(exp), "k");
    assertThat(cache.recall("t1", NOW, kid -> true)).isPresent(); // t2 is now the eldest
    cache.remember("t3", token(exp), "k");
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.recall("t2", NOW, kid -> true)).isEmpty();
    assertThat(cache.recall("t1", NOW, kid -> true)).isPresent();
    assertThat(cache.recall("t3", NOW, kid -> true)).isPresent();
  }

  @Test
  void sizeZeroTurnsTheCacheOffAndNegativeIsRefused() {
    SessionTokenCache off = new SessionTokenCache(0);
    off.remember("a.b.c", token(NOW.getEpochSecond() + 300), "kid1");
    assertThat(off.recall("a.b.c", NOW, kid -> true)).isEmpty();
    assertThatThrownBy(() -> new SessionTokenCache(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void claimsHandedOutCannotChangeTheCachedOnes() {
    SessionTokenCache cache = new SessionTokenCache(10);
    cache.remember("a.b.c", token(NOW.getEpochSecond() + 300), "kid1");
    cache.recall("a.b.c", NOW, kid -> true).orElseThrow().claims().put("iss", "evil");
    assertThat(cache.recall("a.b.c", NOW, kid -> true).orElseThrow().claims().get("iss").asText())
        .isEqualTo("kbs");
  }
}
