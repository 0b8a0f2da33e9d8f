package io.trustee.kbs.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AdminAuthorizerTest {
  static final Instant NOW = Instant.ofEpochSecond(1_767_225_600L);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String TARGET = "/kbs/v0/resource/default/a/b";

  private static AdminAuthException.Reason reason(ThrowingAuth call) {
    try {
      call.run();
    } catch (AdminAuthException e) {
      return e.reason();
    }
    throw new AssertionError("expected AdminAuthException");
  }

  interface ThrowingAuth {
    void run() throws AdminAuthException;
  }

  @Test
  void denyAllRefusesEvenWithToken() {
    assertThat(
            reason(() -> AdminAuthorizer.denyAll().authorize(Optional.of("Bearer x.y.z"), TARGET)))
        .isEqualTo(AdminAuthException.Reason.DENY_ALL);
  }

  @Test
  void insecureAllowAllLetsAnonymousIn() throws Exception {
    assertThat(AdminAuthorizer.insecureAllowAll().authorize(Optional.empty(), TARGET).subject())
        .isEqualTo("anonymous");
  }

  @Test
  void legacyEd25519TokenWithoutExpIsRefused() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    String t =
        Jwts.sign(
            Jwts.header("EdDSA"),
            Jwts.M.createObjectNode().put("iat", 1),
            kp.getPrivate(),
            "Ed25519");
    assertThat(
            reason(
                () ->
                    Ed25519Authorizer.legacyKey(kp.getPublic(), CLOCK)
                        .authorize(Optional.of("Bearer " + t), TARGET)))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
  }

  @Test
  void legacyEd25519TokenWithoutExpIsAcceptedOnlyWithTheLegacySwitch() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    String t =
        Jwts.sign(
            Jwts.header("EdDSA"),
            Jwts.M.createObjectNode().put("iat", 1),
            kp.getPrivate(),
            "Ed25519");
    AdminPrincipal p =
        Ed25519Authorizer.legacyKey(
                kp.getPublic(), new AdminTokenLifetime(Duration.ofHours(24), true), CLOCK)
            .authorize(Optional.of("Bearer " + t), TARGET);
    assertThat(p.subject()).isEqualTo("admin");
    // the audit trail names a key admin by the key's fingerprint, not by what the token claims
    String fingerprint =
        "ed25519:"
            + java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(kp.getPublic().getEncoded()));
    assertThat(p.keyFingerprint()).contains(fingerprint);
    assertThat(p.auditId()).isEqualTo(fingerprint);
    assertThat(p.issuer()).isEmpty();
  }

  @Test
  void legacyEd25519TokenExpiringTooFarAheadIsRefusedEvenWithTheLegacySwitch() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    String t =
        Jwts.sign(
            Jwts.header("EdDSA"),
            Jwts.M.createObjectNode().put("exp", NOW.getEpochSecond() + 400L * 24 * 3600),
            kp.getPrivate(),
            "Ed25519");
    assertThat(
            reason(
                () ->
                    Ed25519Authorizer.legacyKey(
                            kp.getPublic(),
                            new AdminTokenLifetime(Duration.ofHours(24), true),
                            CLOCK)
                        .authorize(Optional.of("Bearer " + t), TARGET)))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
  }

  @Test
  void legacyEd25519ExpiredTokenIsRefused() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    String t =
        Jwts.sign(
            Jwts.header("EdDSA"),
            Jwts.M.createObjectNode().put("exp", NOW.getEpochSecond() - 61),
            kp.getPrivate(),
            "Ed25519");
    assertThat(
            reason(
                () ->
                    Ed25519Authorizer.legacyKey(kp.getPublic(), CLOCK)
                        .authorize(Optional.of("Bearer " + t), TARGET)))
        .isEqualTo(AdminAuthException.Reason.EXPIRED);
  }

  @Test
  void tokenFromAnotherEd25519KeyIsRefused() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    String t =
        Jwts.sign(
            Jwts.header("EdDSA"),
            Jwts.M.createObjectNode(),
            Pem.generateEd25519().getPrivate(),
            "Ed25519");
    assertThat(
            reason(
                () ->
                    Ed25519Authorizer.legacyKey(kp.getPublic(), CLOCK)
                        .authorize(Optional.of("Bearer " + t), TARGET)))
        .isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
  }

  @Test
  void personasAcceptAnyPersonaKeyAndNameIt() throws Exception {
    KeyPair a = Pem.generateEd25519();
    KeyPair b = Pem.generateEd25519();
    Map<String, java.security.PublicKey> personas = new LinkedHashMap<>();
    personas.put("alice", a.getPublic());
    personas.put("bob", b.getPublic());
    String t =
        Jwts.sign(
            Jwts.header("EdDSA"),
            Jwts.M.createObjectNode().put("exp", NOW.getEpochSecond() + 300),
            b.getPrivate(),
            "Ed25519");
    assertThat(
            Ed25519Authorizer.personas(personas, CLOCK)
                .authorize(Optional.of("Bearer " + t), TARGET)
                .subject())
        .isEqualTo("bob");
    assertThat(
            reason(
                () ->
                    Ed25519Authorizer.personas(Map.of(), CLOCK)
                        .authorize(Optional.of("Bearer " + t), TARGET)))
        .isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
  }

  @Test
  void ed25519ModeRefusesOtherAlgorithmsAndNone() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    Ed25519Authorizer auth = Ed25519Authorizer.legacyKey(kp.getPublic(), CLOCK);
    String none = Jwts.b64("{\"alg\":\"none\"}") + "." + Jwts.b64("{}") + ".";
    assertThat(reason(() -> auth.authorize(Optional.of("Bearer " + none), TARGET)))
        .isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
    String input = Jwts.b64("{\"alg\":\"HS256\"}") + "." + Jwts.b64("{}");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(kp.getPublic().getEncoded(), "HmacSHA256"));
    String hs =
        input
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    assertThat(reason(() -> auth.authorize(Optional.of("Bearer " + hs), TARGET)))
        .isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
  }

  @Test
  void missingOrNonBearerHeaderIsRefusedWithoutEchoingIt() {
    KeyPair kp = Pem.generateEd25519();
    Ed25519Authorizer auth = Ed25519Authorizer.legacyKey(kp.getPublic(), CLOCK);
    assertThat(reason(() -> auth.authorize(Optional.empty(), TARGET)))
        .isEqualTo(AdminAuthException.Reason.MISSING_CREDENTIALS);
    assertThatThrownBy(() -> auth.authorize(Optional.of("Basic c2VjcmV0LXRva2Vu"), TARGET))
        .isInstanceOf(AdminAuthException.class)
        .hasMessageNotContaining("c2VjcmV0LXRva2Vu");
    assertThatThrownBy(() -> auth.authorize(Optional.of("Bearer secret-garbage"), TARGET))
        .hasMessageNotContaining("secret-garbage");
  }

  @Test
  void nonEd25519KeyIsAConfigurationError() {
    assertThatThrownBy(() -> Ed25519Authorizer.legacyKey(Pem.generateP256().getPublic(), CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zeroLengthSignatureIsRefused() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    String t = Jwts.b64("{\"alg\":\"EdDSA\"}") + "." + Jwts.b64("{}") + ".";
    assertThat(
            reason(
                () ->
                    Ed25519Authorizer.legacyKey(kp.getPublic(), CLOCK)
                        .authorize(Optional.of("Bearer " + t), TARGET)))
        .isEqualTo(AdminAuthException.Reason.UNTRUSTED_TOKEN);
  }

  static ObjectNode claims() {
    ObjectNode c =
        Jwts.M.createObjectNode()
            .put("iss", "corp-idp")
            .put("role", "kbs-admin")
            .put("iat", NOW.getEpochSecond())
            .put("exp", NOW.getEpochSecond() + 3600)
            .put("sub", "ops1");
    c.putArray("aud").add("kbs-admin");
    return c;
  }
}
