package io.trustee.kbs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.admin.AdminPrincipal;
import io.trustee.kbs.admin.AdminTokenLifetime;
import io.trustee.kbs.admin.Ed25519Authorizer;
import io.trustee.kbs.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientAdminTokenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  /** Checks the EdDSA signature with the JDK and returns the payload. */
  static JsonNode verify(String token, java.security.PublicKey key) throws Exception {
    String[] parts = token.split("\\.", -1);
    assertThat(parts).hasSize(3);
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(key);
    s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(s.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signature").isTrue();
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    assertThat(header.get("alg").asText()).isEqualTo("EdDSA");
    return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
  }

  @Test
  void mintsAnEdDsaTokenValidForFiveMinutes(@TempDir Path dir) throws Exception {
    KeyPair kp = Pem.generateEd25519();
    Path keyFile = dir.resolve("admin.pem");
    Files.writeString(keyFile, Pem.write(kp.getPrivate()));
    String token = AdminToken.mint(AdminToken.readKey(keyFile), NOW, Optional.empty());
    JsonNode payload = verify(token, kp.getPublic());
    assertThat(payload.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(payload.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 300);
    assertThat(payload.has("role")).isFalse();
    assertThat(token).doesNotContain("=");
  }

  @Test
  void mintedTokenPassesTheServersAdminTokenTimeRules() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    String token = AdminToken.mint(kp.getPrivate(), NOW, Optional.empty());
    AdminPrincipal p =
        Ed25519Authorizer.legacyKey(
                kp.getPublic(), AdminTokenLifetime.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC))
            .authorize(Optional.of("Bearer " + token), "/kbs/v0/resource");
    assertThat(p.subject()).isEqualTo("admin");
  }

  @Test
  void addsTheRoleWhenAsked() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    JsonNode payload =
        verify(AdminToken.mint(kp.getPrivate(), NOW, Optional.of("kbs-admin")), kp.getPublic());
    assertThat(payload.get("role").asText()).isEqualTo("kbs-admin");
  }

  @Test
  void anotherKeyDoesNotVerify() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    String token = AdminToken.mint(kp.getPrivate(), NOW, Optional.empty());
    String[] parts = token.split("\\.");
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(Pem.generateEd25519().getPublic());
    s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(s.verify(Base64.getUrlDecoder().decode(parts[2]))).isFalse();
  }

  @Test
  void refusesNonEd25519AndBrokenKeyFiles(@TempDir Path dir) throws Exception {
    Path ec = dir.resolve("ec.pem");
    Files.writeString(ec, Pem.write(Pem.generateP256().getPrivate()));
    assertThatThrownBy(() -> AdminToken.readKey(ec))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--admin-key " + ec)
        .hasMessageContaining("must be an Ed25519 private key (found EC)");
    Path junk = dir.resolve("junk.pem");
    Files.writeString(junk, "not a pem");
    assertThatThrownBy(() -> AdminToken.readKey(junk)).hasMessageContaining("--admin-key " + junk);
    assertThatThrownBy(() -> AdminToken.readKey(dir.resolve("missing.pem")))
        .hasMessageContaining("--admin-key");
  }
}
