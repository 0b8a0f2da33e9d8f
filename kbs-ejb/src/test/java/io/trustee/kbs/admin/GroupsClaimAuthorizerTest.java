package io.trustee.kbs.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity-provider admin tokens configured the MicroProfile JWT way, with a groups claim. */
class GroupsClaimAuthorizerTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  @TempDir Path dir;
  private KeyPair idp;
  private GroupsClaimAuthorizer authorizer;

  @BeforeEach
  void provider() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    idp = g.generateKeyPair();
    Path pem = dir.resolve("idp.pem");
    Files.writeString(pem, Pem.write(idp.getPublic()));
    IdentityProvider p =
        IdentityProvider.load(
            Optional.of("https://idp.example"),
            Optional.of("kbs"),
            Optional.of(pem.toString()),
            Optional.empty());
    authorizer = new GroupsClaimAuthorizer(p, "groups", List.of("kbs-admin"), CLOCK);
  }

  private static String token(PrivateKey key, String payload) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String h =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String p = b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update((h + "." + p).getBytes(StandardCharsets.US_ASCII));
    return "Bearer " + h + "." + p + "." + b64.encodeToString(s.sign());
  }

  private static String claims(String iss, String groups, long exp) {
    return "{\"iss\":\""
        + iss
        + "\",\"aud\":[\"kbs\"],\"upn\":\"alice\",\"groups\":"
        + groups
        + ",\"exp\":"
        + exp
        + "}";
  }

  @Test
  void adminGroupIsLetIn() throws Exception {
    String t =
        token(
            idp.getPrivate(),
            claims("https://idp.example", "[\"dev\",\"kbs-admin\"]", NOW.getEpochSecond() + 300));
    AdminPrincipal p = authorizer.authorize(Optional.of(t), "/kbs/v0/resource");
    assertThat(p.subject()).isEqualTo("alice");
    assertThat(p.role()).contains("kbs-admin");
    // the audit trail names an IdP admin by subject and issuer
    assertThat(p.issuer()).contains("https://idp.example");
    assertThat(p.keyFingerprint()).isEmpty();
    assertThat(p.auditId()).isEqualTo("alice");
  }

  @Test
  void tokenExpiringMoreThanADayAheadIsRefused() throws Exception {
    String t =
        token(
            idp.getPrivate(),
            claims(
                "https://idp.example", "[\"kbs-admin\"]", NOW.getEpochSecond() + 365L * 24 * 3600));
    assertThatThrownBy(() -> authorizer.authorize(Optional.of(t), "/kbs/v0/resource"))
        .isInstanceOf(AdminAuthException.class)
        .extracting(e -> ((AdminAuthException) e).reason())
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
  }

  @Test
  void otherGroupsAreForbidden() throws Exception {
    String t =
        token(
            idp.getPrivate(),
            claims("https://idp.example", "[\"dev\"]", NOW.getEpochSecond() + 300));
    assertThatThrownBy(() -> authorizer.authorize(Optional.of(t), "/kbs/v0/resource"))
        .isInstanceOf(AdminAuthException.class)
        .extracting(e -> ((AdminAuthException) e).reason())
        .isEqualTo(AdminAuthException.Reason.FORBIDDEN);
  }

  @Test
  void wrongIssuerExpiredAndForeignKeyAreRefused() throws Exception {
    String wrongIssuer =
        token(
            idp.getPrivate(),
            claims("https://evil.example", "[\"kbs-admin\"]", NOW.getEpochSecond() + 300));
    String expired =
        token(
            idp.getPrivate(),
            claims("https://idp.example", "[\"kbs-admin\"]", NOW.getEpochSecond() - 3600));
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String foreign =
        token(
            g.generateKeyPair().getPrivate(),
            claims("https://idp.example", "[\"kbs-admin\"]", NOW.getEpochSecond() + 300));
    for (String t : List.of(wrongIssuer, expired, foreign)) {
      assertThatThrownBy(() -> authorizer.authorize(Optional.of(t), "/kbs/v0/resource"))
          .isInstanceOf(AdminAuthException.class);
    }
    assertThatThrownBy(() -> authorizer.authorize(Optional.empty(), "/kbs/v0/resource"))
        .isInstanceOf(AdminAuthException.class);
  }
}
