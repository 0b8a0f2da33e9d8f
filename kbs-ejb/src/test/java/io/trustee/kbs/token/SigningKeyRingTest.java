package io.trustee.kbs.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The signing key ring: which key signs, which verify, for how long; and kid-based verification.
 */
class SigningKeyRingTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000L);
  private static final Duration GRACE = Duration.ofMinutes(6);

  private static SigningKeyRing.Entry entry(
      SigningKeyMaterial m, Instant activated, Instant retired) {
    return new SigningKeyRing.Entry(
        m.kid(), m.publicKey(), activated, Optional.ofNullable(retired));
  }

  @Test
  void newestUnretiredKeySignsAndRetiredKeysVerifyUntilTheirTokensExpire() {
    SigningKeyMaterial old = SigningKeyMaterial.generate();
    SigningKeyMaterial current = SigningKeyMaterial.generate();
    SigningKeyRing ring =
        new SigningKeyRing(
            List.of(entry(old, T0, T0.plusSeconds(60)), entry(current, T0.plusSeconds(60), null)));
    assertThat(ring.active().kid()).isEqualTo(current.kid());
    Instant within = T0.plusSeconds(60).plus(GRACE).minusSeconds(1);
    assertThat(ring.verifying(within, GRACE))
        .extracting(SigningKeyRing.Entry::kid)
        .containsExactly(current.kid(), old.kid());
    assertThat(ring.verifier(old.kid(), within, GRACE)).isPresent();
    Instant after = T0.plusSeconds(60).plus(GRACE);
    assertThat(ring.verifier(old.kid(), after, GRACE)).isEmpty();
    assertThat(ring.verifying(after, GRACE))
        .extracting(SigningKeyRing.Entry::kid)
        .containsExactly(current.kid());
    assertThat(ring.contains(old.kid())).isTrue();
  }

  @Test
  void racingRotationsPickTheSameActiveKeyEverywhere() {
    SigningKeyMaterial a = SigningKeyMaterial.generate();
    SigningKeyMaterial b = SigningKeyMaterial.generate();
    List<SigningKeyRing.Entry> both = List.of(entry(a, T0, null), entry(b, T0, null));
    String expected = a.kid().compareTo(b.kid()) > 0 ? a.kid() : b.kid();
    assertThat(new SigningKeyRing(both).active().kid()).isEqualTo(expected);
    assertThat(new SigningKeyRing(List.of(both.get(1), both.get(0))).active().kid())
        .isEqualTo(expected);
    SigningKeyMaterial later = SigningKeyMaterial.generate();
    assertThat(
            new SigningKeyRing(List.of(entry(a, T0, null), entry(later, T0.plusMillis(1), null)))
                .active()
                .kid())
        .isEqualTo(later.kid());
  }

  @Test
  void aRingNeedsAnActiveKeyAndTrueKids() {
    SigningKeyMaterial a = SigningKeyMaterial.generate();
    assertThatThrownBy(() -> new SigningKeyRing(List.of(entry(a, T0, T0))))
        .hasMessageContaining("no active key");
    assertThatThrownBy(() -> new SigningKeyRing(List.of())).hasMessageContaining("no active key");
    assertThatThrownBy(
            () ->
                new SigningKeyRing.Entry("not-the-thumbprint", a.publicKey(), T0, Optional.empty()))
        .hasMessageContaining("thumbprint");
    assertThatThrownBy(() -> new SigningKeyRing(List.of(entry(a, T0, null), entry(a, T0, T0))))
        .hasMessageContaining("duplicate");
  }

  @Test
  void jwksListsTheVerifyingKeysActiveFirstWithKids() {
    SigningKeyMaterial old = SigningKeyMaterial.generate();
    SigningKeyMaterial current = SigningKeyMaterial.generate();
    SigningKeyMaterial expired = SigningKeyMaterial.generate();
    SigningKeyRing ring =
        new SigningKeyRing(
            List.of(
                entry(expired, T0.minusSeconds(7200), T0.minusSeconds(3600)),
                entry(old, T0.minusSeconds(60), T0),
                entry(current, T0, null)));
    ObjectNode activeJwk = current.publicJwk().put("x5u", "https://example/cert");
    JsonNode keys = ring.publicJwks(T0.plusSeconds(1), GRACE, activeJwk).get("keys");
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0).get("kid").asText()).isEqualTo(current.kid());
    assertThat(keys.get(0).get("x5u").asText()).isEqualTo("https://example/cert");
    assertThat(keys.get(1).get("kid").asText()).isEqualTo(old.kid());
    assertThat(keys.get(1).get("alg").asText()).isEqualTo("ES256");
    assertThat(keys.get(1).has("d")).isFalse();
  }

  /** An {@link OwnSigningKeys} over a ring that can be swapped, like TokenKeys after a rotation. */
  private static OwnSigningKeys own(AtomicReference<SigningKeyRing> ring, Clock clock) {
    return new OwnSigningKeys() {
      @Override
      public Optional<PublicKey> byKid(String kid) {
        return ring.get().verifier(kid, clock.instant(), GRACE).map(e -> e.publicKey());
      }

      @Override
      public boolean isOwn(PublicKey key) {
        return key instanceof java.security.interfaces.ECPublicKey ec
            && ring.get().verifierFor(ec, clock.instant(), GRACE).isPresent();
      }

      @Override
      public boolean present() {
        return true;
      }
    };
  }

  private static ObjectNode payload(long exp) {
    return M.createObjectNode().put("exp", exp).put("iss", "CoCo-Attestation-Service");
  }

  @Test
  void afterRotationOldTokensVerifyByKidUntilTheGraceEndsAndNewTokensCarryTheNewKid()
      throws Exception {
    SigningKeyMaterial k1 = SigningKeyMaterial.generate();
    SigningKeyMaterial k2 = SigningKeyMaterial.generate();
    AtomicReference<SigningKeyRing> ring =
        new AtomicReference<>(new SigningKeyRing(List.of(entry(k1, T0, null))));
    String oldToken = new EarTokenSigner(k1).sign(payload(T0.getEpochSecond() + 300));
    Instant rotatedAt = T0.plusSeconds(10);
    ring.set(new SigningKeyRing(List.of(entry(k1, T0, rotatedAt), entry(k2, rotatedAt, null))));
    String newToken = new EarTokenSigner(k2).sign(payload(T0.getEpochSecond() + 600));

    Clock soon = Clock.fixed(T0.plusSeconds(20), ZoneOffset.UTC);
    AttestationTokenVerifier v =
        new AttestationTokenVerifier(List.of(), List.of(), false, own(ring, soon), soon);
    assertThat(v.verifyToken(oldToken).ownKey()).isTrue();
    assertThat(v.verifyToken(newToken).ownKey()).isTrue();
    assertThat(header(newToken).get("kid").asText()).isEqualTo(k2.kid());

    Clock late = Clock.fixed(rotatedAt.plus(GRACE).plusSeconds(1), ZoneOffset.UTC);
    AttestationTokenVerifier lateV =
        new AttestationTokenVerifier(List.of(), List.of(), false, own(ring, late), late);
    assertThatThrownBy(() -> lateV.verifyToken(oldToken)).hasMessageContaining("untrusted key");
  }

  @Test
  void aKidOfOursWithAnotherHeaderKeyIsRefused() throws Exception {
    SigningKeyMaterial ours = SigningKeyMaterial.generate();
    SigningKeyMaterial attacker = SigningKeyMaterial.generate();
    AtomicReference<SigningKeyRing> ring =
        new AtomicReference<>(new SigningKeyRing(List.of(entry(ours, T0, null))));
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    AttestationTokenVerifier v =
        new AttestationTokenVerifier(List.of(), List.of(), true, own(ring, clock), clock);
    // attacker's token and key, but our kid: the kid selects our key; the header jwk must match it
    String forged = new EarTokenSigner(attacker).sign(payload(T0.getEpochSecond() + 300));
    String[] parts = forged.split("\\.");
    ObjectNode h = header(forged);
    h.put("kid", ours.kid());
    String swapped =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(h.toString().getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> v.verifyToken(swapped + "." + parts[1] + "." + parts[2]))
        .hasMessageContaining("untrusted key");
    // without the jwk, our key checks the attacker's signature and it fails
    h.remove("jwk");
    String noJwk =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(h.toString().getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> v.verifyToken(noJwk + "." + parts[1] + "." + parts[2]))
        .hasMessageContaining("bad signature");
  }

  private static ObjectNode header(String token) throws Exception {
    return (ObjectNode)
        M.readTree(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
  }
}
