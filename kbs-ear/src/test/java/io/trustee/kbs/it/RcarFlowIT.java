package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The KBS protocol end to end against the started server, with guests of the {@code sample} TEE
 * written from the spec: the full RCAR handshake with EC and RSA TEE keys, the Bearer path, and the
 * ways a request is refused.
 */
class RcarFlowIT {

  @BeforeAll
  static void secretsAndOpenPolicy() throws Exception {
    assertThat(Admin.putSecret("default/key/it-flow", "my-secret-resource").status())
        .isEqualTo(200);
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
  }

  @Test
  void ecGuestAttestsAndDecryptsTheSecret() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String token = guest.attest();
    assertThat(token.split("\\.")).hasSize(3);
    KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/default/key/it-flow");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("protected").asText()).isNotEmpty();
    assertThat(new String(guest.decrypt(r.json()), StandardCharsets.UTF_8))
        .isEqualTo("my-secret-resource");
  }

  @Test
  void rsaGuestAttestsAndDecryptsTheSecret() throws Exception {
    SampleGuest guest = SampleGuest.rsa();
    guest.attest();
    KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/default/key/it-flow");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new String(guest.decrypt(r.json()), StandardCharsets.UTF_8))
        .isEqualTo("my-secret-resource");
  }

  @Test
  void bearerTokenWithoutCookieGetsTheSecret() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String token = guest.attest();
    KbsHttp other = new KbsHttp();
    KbsHttp.Reply r =
        other.get(
            "/kbs/v0/resource/default/key/it-flow", Map.of("Authorization", "Bearer " + token));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new String(guest.decrypt(r.json()), StandardCharsets.UTF_8))
        .isEqualTo("my-secret-resource");
  }

  @Test
  void tamperedBearerTokenIsRefused() throws Exception {
    String token = SampleGuest.ec().attest();
    String[] p = token.split("\\.");
    String forged =
        p[0] + "." + p[1] + "." + (p[2].startsWith("A") ? "B" : "A") + p[2].substring(1);
    KbsHttp.Reply r =
        new KbsHttp()
            .get(
                "/kbs/v0/resource/default/key/it-flow",
                Map.of("Authorization", "Bearer " + forged));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("TokenVerifierError");
  }

  @Test
  void noTokenAtAllIsTokenNotFound() {
    KbsHttp.Reply r = new KbsHttp().get("/kbs/v0/resource/default/key/it-flow");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("TokenNotFound");
  }

  @Test
  void tokenIsAnEs256JwtVerifiableWithThePublishedJwks() throws Exception {
    String token = SampleGuest.ec().attest();
    JWKSet jwks = JWKSet.parse(new KbsHttp().get("/.well-known/jwks.json").body());
    JWSObject jws = JWSObject.parse(token);
    assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(jws.verify(new ECDSAVerifier((ECKey) jwks.getKeys().get(0)))).isTrue();
    JsonNode claims = KbsHttp.JSON.readTree(jws.getPayload().toString());
    assertThat(claims.get("exp").asLong()).isGreaterThan(claims.get("iat").asLong());
    assertThat(
            claims
                .at(
                    "/submods/cpu0/ear.veraison.annotated-evidence/runtime_data_claims/tee-pubkey/kty")
                .asText())
        .isEqualTo("EC");
  }

  @Test
  void nonceFromTheBodyMustBeTheSessionsNonce() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String nonce = guest.auth().json().get("nonce").asText();
    String wrong = SampleGuest.ec().auth().json().get("nonce").asText();
    KbsHttp.Reply r =
        guest.http.postJson(
            "/kbs/v0/attest", guest.attestationBody(wrong, guest.reportData(wrong)));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("AttestationError");
    assertThat(r.json().get("detail").asText()).contains("nonce");
    assertThat(nonce).isNotEqualTo(wrong);
  }

  @Test
  void evidenceBoundToAnotherSessionIsRefused() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String nonce = guest.auth().json().get("nonce").asText();
    String otherNonce = SampleGuest.ec().auth().json().get("nonce").asText();
    KbsHttp.Reply r =
        guest.http.postJson(
            "/kbs/v0/attest", guest.attestationBody(nonce, guest.reportData(otherNonce)));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("AttestationError");
  }

  @Test
  void attestWithoutSessionCookieIsRefused() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String nonce = guest.auth().json().get("nonce").asText();
    guest.http.forgetCookies();
    KbsHttp.Reply r =
        guest.http.postJson(
            "/kbs/v0/attest", guest.attestationBody(nonce, guest.reportData(nonce)));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("AttestationError");
  }

  @Test
  void malformedBodiesAreAttestationErrors() {
    KbsHttp http = new KbsHttp();
    KbsHttp.Reply r = http.postJson("/kbs/v0/auth", "{not json".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("AttestationError");
  }

  @Test
  void oldProtocolVersionIsAMismatch() {
    ObjectNode req = KbsHttp.JSON.createObjectNode();
    req.put("version", "0.0.9");
    req.put("tee", "sample");
    req.put("extra-params", "");
    KbsHttp.Reply r = new KbsHttp().postJson("/kbs/v0/auth", req);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("detail").asText()).contains("KBS Client Protocol Version Mismatch");
  }

  @Test
  void azureAliasIsAcceptedAtAuth() {
    ObjectNode req = KbsHttp.JSON.createObjectNode();
    req.put("version", "0.4.0");
    req.put("tee", "azsnpvtpm");
    req.put("extra-params", "");
    KbsHttp http = new KbsHttp();
    KbsHttp.Reply r = http.postJson("/kbs/v0/auth", req);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("nonce").asText()).hasSize(44);
    assertThat(r.json().get("extra-params").asText()).isEmpty();
    assertThat(http.sessionCookie()).matches("[0-9a-f]{32}");
  }

  @Test
  void unknownResourceIsPluginInternalError() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    guest.attest();
    KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/default/key/does-not-exist");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("PluginInternalError");
  }

  @Test
  void unknownPluginAndGetOnAuthAre404() {
    KbsHttp http = new KbsHttp();
    assertThat(http.get("/kbs/v0/no-such-plugin/x").errorType()).isEqualTo("PluginNotFound");
    KbsHttp.Reply r = http.get("/kbs/v0/auth");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorType()).isEqualTo("PluginNotFound");
  }

  @Test
  void oversizeBodyIs413AndTheServerKeepsServing() {
    byte[] big = new byte[3 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    KbsHttp.Reply r = new KbsHttp().postJson("/kbs/v0/auth", big);
    assertThat(r.status()).isEqualTo(413);
    assertThat(new KbsHttp().get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void healthEndpointsAnswer() {
    assertThat(new KbsHttp().get("/healthz").status()).isEqualTo(200);
    KbsHttp.Reply ready = new KbsHttp().get("/health/ready");
    assertThat(ready.status()).as(ready.body()).isEqualTo(200);
  }
}
