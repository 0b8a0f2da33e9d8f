package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.trustee.kbs.resource.KeyEncryptionKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Key lifecycle against the real server: every token carries a kid that the JWKS resolves; a
 * rotation makes new tokens use a new kid while old tokens still open secrets; the discovery
 * document; and a KEK rotation (new key active, old key known, re-wrap with kbs-client, old key
 * dropped) with the configured issuer honoured. The KEK part restarts the server four times and
 * leaves it with its normal configuration and its secrets sealed under the original key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyLifecycleIT {
  private static final String PATH = "default/key/it-keys";
  private static final String SECRET = "key-lifecycle-" + System.nanoTime();
  private static final String FOREIGN = "default/key/it-foreign-kek";

  @Test
  @Order(1)
  void tokenCarriesAKidThatTheJwksResolves() throws Exception {
    ItServer.awaitFirstStart();
    String token = SampleGuest.ec().attest();
    JWSObject jws = JWSObject.parse(token);
    String kid = jws.getHeader().getKeyID();
    assertThat(kid).isNotBlank();
    JWKSet jwks = JWKSet.parse(new KbsHttp().get("/.well-known/jwks.json").body());
    ECKey key = (ECKey) jwks.getKeyByKeyId(kid);
    assertThat(key).as("jwks has the token's kid").isNotNull();
    assertThat(key.computeThumbprint().toString()).isEqualTo(kid);
    assertThat(jws.verify(new ECDSAVerifier(key))).isTrue();
    assertThat(jwks.getKeys().get(0).getKeyID()).as("active key first").isEqualTo(kid);
  }

  @Test
  @Order(2)
  void discoveryDocumentPointsAtTheJwks() throws Exception {
    KbsHttp.Reply r = new KbsHttp().get("/.well-known/openid-configuration");
    assertThat(r.status()).isEqualTo(200);
    JsonNode d = r.json();
    assertThat(d.get("issuer").asText()).isEqualTo("CoCo-Attestation-Service");
    String jwksUri = d.get("jwks_uri").asText();
    assertThat(jwksUri).isEqualTo(KbsHttp.baseUri() + "/.well-known/jwks.json");
    assertThat(d.get("id_token_signing_alg_values_supported").get(0).asText()).isEqualTo("ES256");
    assertThat(new KbsHttp().get(java.net.URI.create(jwksUri).getPath()).json().get("keys"))
        .isNotEmpty();
  }

  @Test
  @Order(3)
  void rotationSignsWithANewKidAndOldTokensStillOpenSecrets() throws Exception {
    assertThat(Admin.putSecret(PATH, SECRET).status()).isEqualTo(200);
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
    SampleGuest before = SampleGuest.ec();
    String oldToken = before.attest();
    String oldKid = JWSObject.parse(oldToken).getHeader().getKeyID();

    ItCli.Run rotate = ItCli.admin("rotate-token-key");
    assertThat(rotate.status()).as(rotate.err()).isZero();
    JsonNode ring = KbsHttp.JSON.readTree(rotate.out());
    String newKid = ring.get("active").asText();
    assertThat(newKid).isNotEqualTo(oldKid);
    Map<String, String> states = new LinkedHashMap<>();
    ring.get("keys").forEach(k -> states.put(k.get("kid").asText(), k.get("state").asText()));
    assertThat(states).containsEntry(newKid, "active").containsEntry(oldKid, "verifying");

    String newToken = SampleGuest.ec().attest();
    assertThat(JWSObject.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid);
    Set<String> published = new HashSet<>();
    JWKSet.parse(new KbsHttp().get("/.well-known/jwks.json").body())
        .getKeys()
        .forEach(k -> published.add(k.getKeyID()));
    assertThat(published).contains(oldKid, newKid);

    // the old session and the old token as Bearer still open the secret
    KbsHttp.Reply viaSession = before.http.get("/kbs/v0/resource/" + PATH);
    assertThat(viaSession.status()).as(viaSession.body()).isEqualTo(200);
    assertThat(new String(before.decrypt(viaSession.json()), StandardCharsets.UTF_8))
        .isEqualTo(SECRET);
    KbsHttp.Reply viaBearer =
        new KbsHttp()
            .get("/kbs/v0/resource/" + PATH, Map.of("Authorization", "Bearer " + oldToken));
    assertThat(viaBearer.status()).as(viaBearer.body()).isEqualTo(200);

    ItCli.Run list = ItCli.admin("token-keys");
    assertThat(list.status()).as(list.err()).isZero();
    assertThat(KbsHttp.JSON.readTree(list.out()).get("active").asText()).isEqualTo(newKid);
  }

  @Test
  @Order(4)
  void kekRotationRewrapsOnlineAndHonoursTheConfiguredIssuer() throws Exception {
    String oldKek =
        Files.readString(KbsHttp.dataDir().resolve("secrets/kek.b64"), StandardCharsets.US_ASCII)
            .trim();
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String newKek = Base64.getEncoder().encodeToString(raw);
    String oldId = KeyEncryptionKey.fromBase64(oldKek).id();
    String newId = KeyEncryptionKey.fromBase64(newKek).id();
    String issuer = "https://kbs-it.example/issuer";
    try {
      // 1) + 2) the new key becomes active, the old one stays known; a secret sealed under a key
      // nobody has is planted to show the error it gives
      ItServer.stop();
      plantSecretUnderUnknownKek();
      ItServer.override(
          Map.of("kbs.kek", newKek, "kbs.kek.previous", oldKek, "kbs.token.issuer", issuer));
      ItServer.start();
      SampleGuest guest = SampleGuest.ec();
      String token = guest.attest();
      assertThat(
              KbsHttp.JSON
                  .readTree(JWSObject.parse(token).getPayload().toString())
                  .get("iss")
                  .asText())
          .isEqualTo(issuer);
      assertThat(
              new KbsHttp().get("/.well-known/openid-configuration").json().get("issuer").asText())
          .isEqualTo(issuer);
      assertReadable(guest);
      KbsHttp.Reply foreign = guest.http.get("/kbs/v0/resource/" + FOREIGN);
      assertThat(foreign.status()).isEqualTo(503);
      assertThat(foreign.errorType()).isEqualTo("KeyUnavailable");
      assertThat(foreign.json().get("detail").asText()).contains("00112233deadbeef");
      assertThat(foreign.body()).doesNotContain("at io.trustee").doesNotContain("Exception");

      // 3) re-wrap with the CLI, twice (idempotent)
      ItCli.Run first = ItCli.admin("rewrap-kek", "--batch-size", "1");
      assertThat(first.status()).as(first.err()).isZero();
      JsonNode r1 = KbsHttp.JSON.readTree(first.out());
      assertThat(r1.get("active_kek").asText()).isEqualTo(newId);
      assertThat(r1.at("/secrets/rewrapped").asInt()).isPositive();
      assertThat(r1.at("/secrets/failed").asInt()).isEqualTo(1);
      assertThat(r1.at("/secrets/batches").asInt()).isGreaterThan(1);
      assertThat(r1.at("/signing_keys/rewrapped").asInt()).isPositive();
      assertThat(r1.get("failures").get(0).asText()).contains(FOREIGN).contains("00112233deadbeef");
      ItCli.Run second = ItCli.admin("rewrap-kek");
      JsonNode r2 = KbsHttp.JSON.readTree(second.out());
      assertThat(r2.at("/secrets/rewrapped").asInt()).isZero();
      assertThat(r2.at("/signing_keys/rewrapped").asInt()).isZero();
      assertThat(r2.at("/secrets/already_current").asInt())
          .isEqualTo(r1.at("/secrets/examined").asInt() - 1);
      assertThat(Admin.deleteSecret(FOREIGN).status()).isEqualTo(200);
      ItCli.Run status = ItCli.admin("kek-status");
      JsonNode st = KbsHttp.JSON.readTree(status.out());
      assertThat(st.get("secrets_by_kek").fieldNames()).toIterable().containsExactly(newId);
      assertThat(st.get("signing_keys_by_kek").fieldNames()).toIterable().containsExactly(newId);

      // 4) drop the old key: everything still opens (secrets and the signing keys)
      ItServer.stop();
      assertThat(storedKeyIds()).containsOnly(newId);
      ItServer.override(Map.of("kbs.kek", newKek));
      ItServer.start();
      assertReadable(SampleGuest.ec());
    } finally {
      // back to the original key, the same way round (also after a failure above)
      ItServer.override(Map.of("kbs.kek", oldKek, "kbs.kek.previous", newKek));
      ItServer.restart();
      Admin.deleteSecret(FOREIGN);
      KbsHttp.Reply back = new KbsHttp().send("POST", "/kbs/v0/kek/rewrap", null, Admin.auth());
      assertThat(back.status()).as(back.body()).isEqualTo(200);
      assertThat(back.json().at("/secrets/failed").asInt()).as(back.body()).isZero();
      assertThat(back.json().at("/signing_keys/failed").asInt()).as(back.body()).isZero();
      ItServer.override(null);
      ItServer.restart();
    }
    assertReadable(SampleGuest.ec());
    assertThat(oldId).isNotEqualTo(newId);
  }

  private static void assertReadable(SampleGuest guest) throws Exception {
    if (guest.http.sessionCookie() == null) {
      guest.attest();
    }
    KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/" + PATH);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new String(guest.decrypt(r.json()), StandardCharsets.UTF_8)).isEqualTo(SECRET);
  }

  /** A row whose envelope names key id 00112233deadbeef, which no server holds. */
  private static void plantSecretUnderUnknownKek() throws Exception {
    byte[] envelope = new byte[1 + 8 + 12 + 32];
    envelope[0] = 1;
    System.arraycopy(
        new byte[] {0x00, 0x11, 0x22, 0x33, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef},
        0,
        envelope,
        1,
        8);
    try (Connection c = ItDatabase.open();
        PreparedStatement del = c.prepareStatement("DELETE FROM KBS_RESOURCE WHERE PATH = ?");
        PreparedStatement ins =
            c.prepareStatement(
                "INSERT INTO KBS_RESOURCE (PATH, SEALED, KEY_ID, CREATED_AT, UPDATED_AT,"
                    + " ROW_VERSION) VALUES (?, ?, ?, ?, ?, 1)")) {
      del.setString(1, FOREIGN);
      del.executeUpdate();
      ins.setString(1, FOREIGN);
      ins.setBytes(2, envelope);
      ins.setString(3, "00112233deadbeef");
      ins.setLong(4, System.currentTimeMillis());
      ins.setLong(5, System.currentTimeMillis());
      ins.executeUpdate();
    } finally {
      ItDatabase.release();
    }
  }

  private static List<String> storedKeyIds() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = ItDatabase.open();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT KEY_ID FROM KBS_RESOURCE")) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT KEK_ID FROM KBS_SIGNING_KEY")) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    } finally {
      ItDatabase.release();
    }
    return ids;
  }
}
