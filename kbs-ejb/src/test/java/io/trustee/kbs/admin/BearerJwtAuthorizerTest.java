package io.trustee.kbs.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerJwtAuthorizerTest {
  @TempDir Path dir;
  private static final String TARGET = "/kbs/v0/resource-policy";
  private static final AclRule ADMIN_ALL = AclRule.of("kbs-admin", "^/kbs/v0/.*$");

  private IdentityProvider pemProvider(KeyPair kp, String iss, String aud) throws Exception {
    Path f = dir.resolve("idp-" + System.nanoTime() + ".pem");
    Files.writeString(f, Pem.write(kp.getPublic()));
    return IdentityProvider.load(
        Optional.ofNullable(iss),
        Optional.ofNullable(aud),
        Optional.of(f.toString()),
        Optional.empty());
  }

  private static AdminAuthException.Reason reason(
      BearerJwtAuthorizer a, String token, String target) {
    try {
      a.authorize(Optional.of("Bearer " + token), target);
    } catch (AdminAuthException e) {
      return e.reason();
    }
    throw new AssertionError("expected refusal");
  }

  @Test
  void es256TokenWithRoleAndMatchingAclIsAccepted() throws Exception {
    KeyPair kp = Pem.generateP256();
    BearerJwtAuthorizer a =
        new BearerJwtAuthorizer(
            List.of(pemProvider(kp, "corp-idp", "kbs-admin")),
            List.of(ADMIN_ALL),
            AdminAuthorizerTest.CLOCK);
    String t =
        Jwts.sign(
            Jwts.header("ES256"),
            AdminAuthorizerTest.claims(),
            kp.getPrivate(),
            "SHA256withECDSAinP1363Format");
    AdminPrincipal p = a.authorize(Optional.of("Bearer " + t), TARGET);
    assertThat(p.role()).contains("kbs-admin");
    assertThat(p.subject()).isEqualTo("ops1");
  }

  @Test
  void tokenWithoutExpOrExpiringTooFarAheadIsRefused() throws Exception {
    KeyPair kp = Pem.generateP256();
    BearerJwtAuthorizer a =
        new BearerJwtAuthorizer(
            List.of(pemProvider(kp, "corp-idp", "kbs-admin")),
            List.of(ADMIN_ALL),
            AdminAuthorizerTest.CLOCK);
    ObjectNode noExp = AdminAuthorizerTest.claims();
    noExp.remove("exp");
    ObjectNode farAhead =
        AdminAuthorizerTest.claims().put("exp", AdminAuthorizerTest.NOW.getEpochSecond() + 90000);
    for (ObjectNode c : List.of(noExp, farAhead)) {
      String t =
          Jwts.sign(Jwts.header("ES256"), c, kp.getPrivate(), "SHA256withECDSAinP1363Format");
      assertThat(reason(a, t, TARGET)).isEqualTo(AdminAuthException.Reason.EXPIRED);
    }
  }

  @Test
  void aclIsMatchedAgainstThePathOnly() throws Exception {
    KeyPair kp = Pem.generateP256();
    AclRule onlyPolicy = AclRule.of("kbs-admin", "^/kbs/v0/resource-policy$");
    BearerJwtAuthorizer a =
        new BearerJwtAuthorizer(
            List.of(pemProvider(kp, null, null)), List.of(onlyPolicy), AdminAuthorizerTest.CLOCK);
    String t =
        Jwts.sign(
            Jwts.header("ES256"),
            AdminAuthorizerTest.claims(),
            kp.getPrivate(),
            "SHA256withECDSAinP1363Format");
    assertThat(a.authorize(Optional.of("Bearer " + t), "/kbs/v0/resource-policy")).isNotNull();
    // the query string is not part of what the ACL sees (deliberately unlike upstream)
    assertThat(a.authorize(Optional.of("Bearer " + t), "/kbs/v0/resource-policy?x=1")).isNotNull();
    assertThat(reason(a, t, "/kbs/v0/resource/a/b/c?x=/kbs/v0/resource-policy"))
        .isEqualTo(AdminAuthException.Reason.FORBIDDEN);
    assertThat(reason(a, t, "/kbs/v0/resource/a/b/c"))
        .isEqualTo(AdminAuthException.Reason.FORBIDDEN);
  }

  @Test
  void otherRoleIsForbidden() throws Exception {
    KeyPair kp = Pem.generateP256();
    BearerJwtAuthorizer a =
        new BearerJwtAuthorizer(
            List.of(pemProvider(kp, null, null)),
            List.of(AclRule.of("reader", "^/kbs/v0/.*$")),
            AdminAuthorizerTest.CLOCK);
    String t =
        Jwts.sign(
            Jwts.header("ES256"),
            AdminAuthorizerTest.claims(),
            kp.getPrivate(),
            "SHA256withECDSAinP1363Format");
    assertThat(reason(a, t, TARGET)).isEqualTo(AdminAuthException.Reason.FORBIDDEN);
  }

  @Test
  void missingRoleOrExpIsRefused() throws Exception {
    KeyPair kp = Pem.generateP256();
    BearerJwtAuthorizer a =
        new BearerJwtAuthorizer(
            List.of(pemProvider(kp, null, null)), List.of(ADMIN_ALL), AdminAuthorizerTest.CLOCK);
    ObjectNode noRole = AdminAuthorizerTest.claims();
    noRole.remove("role");
    ObjectNode noExp = AdminAuthorizerTest.claims();
    noExp.remove("exp");
    String alg = "SHA256withECDSAinP1363Format";
    assertThat(reason(a, Jwts.sign(Jwts.header("ES256"), noRole, kp.getPrivate(), alg), TARGET))
        .isEqualTo(AdminAuthException.Reason.MALFORMED_TOKEN);
    assertThat(reason(a, Jwts.sign(Jwts.header("ES256"), noExp, kp.getPrivate(), alg), TARGET))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    KeyPair kp = Pem.generateP256();
    BearerJwtAuthorizer a =
        new BearerJwtAuthorizer(
            List.of(pemProvider(kp, null, null)), List.of(ADMIN_ALL), AdminAuthorizerTest.CLOCK);
    ObjectNode c =
        AdminAuthorizerTest.claims().put("exp", AdminAuthorizerTest.NOW.getEpochSecond() - 120);
    assertThat(
            reason(
                a,
                Jwts.sign(Jwts.header("ES256"), c, kp.getPrivate(), "SHA256withECDSAinP1363Format"),
                TARGET))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
  }

  @Test
  void issuerAndAudienceConstraintsSelectProvider() throws Exception {
    KeyPair kp = Pem.generateP256();
    BearerJwtAuthorizer wrongIss =
        new BearerJwtAuthorizer(
            List.of(pemProvider(kp, "other", null)), List.of(ADMIN_ALL), AdminAuthorizerTest.CLOCK);
    BearerJwtAuthorizer wrongAud =
        new BearerJwtAuthorizer(
            List.of(pemProvider(kp, "corp-idp", "x")),
            List.of(ADMIN_ALL),
            AdminAuthorizerTest.CLOCK);
    String t =
        Jwts.sign(
            Jwts.header("ES256"),
            AdminAuthorizerTest.claims(),
            kp.getPrivate(),
            "SHA256withECDSAinP1363Format");
    assertThat(reason(wrongIss, t, TARGET)).isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
    assertThat(reason(wrongAud, t, TARGET)).isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
    ObjectNode stringAud = AdminAuthorizerTest.claims().put("aud", "x");
    assertThat(
            wrongAud.authorize(
                Optional.of(
                    "Bearer "
                        + Jwts.sign(
                            Jwts.header("ES256"),
                            stringAud,
                            kp.getPrivate(),
                            "SHA256withECDSAinP1363Format")),
                TARGET))
        .isNotNull();
  }

  @Test
  void secondProviderWinsWhenFirstKeyDoesNotVerify() throws Exception {
    KeyPair first = Pem.generateP256();
    KeyPair second = Pem.generateEd25519();
    BearerJwtAuthorizer a =
        new BearerJwtAuthorizer(
            List.of(pemProvider(first, null, null), pemProvider(second, null, null)),
            List.of(ADMIN_ALL),
            AdminAuthorizerTest.CLOCK);
    String t =
        Jwts.sign(
            Jwts.header("EdDSA"), AdminAuthorizerTest.claims(), second.getPrivate(), "Ed25519");
    assertThat(a.authorize(Optional.of("Bearer " + t), TARGET).role()).contains("kbs-admin");
  }

  @Test
  void algorithmMustFitKeyType() throws Exception {
    KeyPair kp = Pem.generateP256();
    BearerJwtAuthorizer a =
        new BearerJwtAuthorizer(
            List.of(pemProvider(kp, null, null)), List.of(ADMIN_ALL), AdminAuthorizerTest.CLOCK);
    // ES384 header over a P-256 key, and HS256 keyed with the public key bytes
    String es384 =
        Jwts.sign(
            Jwts.header("ES384"),
            AdminAuthorizerTest.claims(),
            kp.getPrivate(),
            "SHA384withECDSAinP1363Format");
    assertThat(reason(a, es384, TARGET)).isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
    String input =
        Jwts.b64("{\"alg\":\"HS256\"}") + "." + Jwts.b64(AdminAuthorizerTest.claims().toString());
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(kp.getPublic().getEncoded(), "HmacSHA256"));
    String hs =
        input
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes()));
    assertThat(reason(a, hs, TARGET)).isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
    String none =
        Jwts.b64("{\"alg\":\"none\"}")
            + "."
            + Jwts.b64(AdminAuthorizerTest.claims().toString())
            + ".";
    assertThat(reason(a, none, TARGET)).isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
  }

  @Test
  void jwkSetProviderUsesKidAndKeyAlg() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    ObjectNode set = Jwts.M.createObjectNode();
    set.putArray("keys")
        .addObject()
        .put("kty", "RSA")
        .put("kid", "k1")
        .put("alg", "RS256")
        .put("n", e.encodeToString(pub.getModulus().toByteArray()))
        .put("e", e.encodeToString(pub.getPublicExponent().toByteArray()));
    Path f = dir.resolve("jwks.json");
    Files.writeString(f, set.toString());
    IdentityProvider p =
        IdentityProvider.load(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("file://" + f));
    BearerJwtAuthorizer a =
        new BearerJwtAuthorizer(List.of(p), List.of(ADMIN_ALL), AdminAuthorizerTest.CLOCK);
    String ok =
        Jwts.sign(
            Jwts.header("RS256").put("kid", "k1"),
            AdminAuthorizerTest.claims(),
            kp.getPrivate(),
            "SHA256withRSA");
    assertThat(a.authorize(Optional.of("Bearer " + ok), TARGET)).isNotNull();
    String wrongAlg =
        Jwts.sign(
            Jwts.header("RS512").put("kid", "k1"),
            AdminAuthorizerTest.claims(),
            kp.getPrivate(),
            "SHA512withRSA");
    assertThat(reason(a, wrongAlg, TARGET)).isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
    String noKid =
        Jwts.sign(
            Jwts.header("RS256"), AdminAuthorizerTest.claims(), kp.getPrivate(), "SHA256withRSA");
    assertThat(reason(a, noKid, TARGET)).isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
  }

  @Test
  void aclRegexMustBeAnchored() {
    assertThatThrownBy(() -> AclRule.of("r", "/kbs/v0/.*$")).hasMessageContaining("^/kbs");
    assertThatThrownBy(() -> AclRule.of("r", "^/kbs/v0/.*")).hasMessageContaining("$");
    assertThatThrownBy(() -> AclRule.of("r", "^/kbs/v0/x\\$"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AclRule.of("r", "^/kbs/(v0$"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noProvidersFailsClosedAndProviderNeedsKeySource() {
    assertThatThrownBy(
            () -> new BearerJwtAuthorizer(List.of(), List.of(ADMIN_ALL), AdminAuthorizerTest.CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                IdentityProvider.load(
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
        .isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(
            () ->
                IdentityProvider.load(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(dir.resolve("missing.pem").toString()),
                    Optional.empty()))
        .hasMessageContaining("public_key_uri");
  }
}
