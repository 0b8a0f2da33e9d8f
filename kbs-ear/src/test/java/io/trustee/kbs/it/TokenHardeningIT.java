package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only the right tokens open secrets (issue #8 §2, §4): a token from the standalone AS API, even
 * under a policy that affirms anything, is refused as Bearer; admin tokens must carry a bounded
 * {@code exp}; oversized init-data is refused at {@code /attest}; RSA1_5 guests are served by
 * default.
 */
class TokenHardeningIT {
  private static final String SECRET_PATH = "default/key/it-tokens";
  private static final String LAX = "itlax";

  @BeforeAll
  static void secretOpenResourcePolicyAndALaxAttestationPolicy() throws Exception {
    assertThat(Admin.putSecret(SECRET_PATH, "token-secret").status()).isEqualTo(200);
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
    String lax =
        "package policy\n\ntrust_claims := {\"hardware\": 2, \"executables\": 3, "
            + "\"configuration\": 2}\n";
    ObjectNode body = KbsHttp.JSON.createObjectNode();
    body.put("type", "rego");
    body.put("policy_id", LAX + "_cpu");
    body.put(
        "policy",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(lax.getBytes(StandardCharsets.UTF_8)));
    KbsHttp.Reply r = new KbsHttp().postJson("/kbs/v0/attestation-policy", body, Admin.auth());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  /**
   * A token from {@code POST /attestation} for this guest's TEE key (structured runtime data, so
   * the token carries the key the resource endpoint encrypts to), under {@code policyId}. Sent with
   * an admin token: harmless while the AS API is public, required once it is admin-only.
   */
  private static String asApiToken(SampleGuest guest, String policyId) throws Exception {
    String nonce = "as-api-nonce";
    ObjectNode body = KbsHttp.JSON.createObjectNode();
    ObjectNode r = body.putArray("verification_requests").addObject();
    r.put("tee", "sample");
    String evidence =
        "{\"svn\":\"1\",\"report_data\":\""
            + Base64.getEncoder().encodeToString(guest.reportData(nonce))
            + "\"}";
    r.put(
        "evidence",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(evidence.getBytes(StandardCharsets.UTF_8)));
    ObjectNode structured = r.putObject("runtime_data").putObject("structured");
    structured.put("additional-evidence", "");
    structured.put("nonce", nonce);
    structured.set("tee-pubkey", KbsHttp.JSON.valueToTree(guest.teePubkey()));
    r.put("runtime_data_hash_algorithm", "sha384");
    body.putArray("policy_ids").add(policyId);
    KbsHttp.Reply reply = new KbsHttp().postJson("/attestation", body, Admin.auth());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.body();
  }

  private static JsonNode claims(String token) throws Exception {
    return KbsHttp.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
  }

  private static KbsHttp.Reply fetchWithBearer(String token) {
    return new KbsHttp()
        .get("/kbs/v0/resource/" + SECRET_PATH, Map.of("Authorization", "Bearer " + token));
  }

  @Test
  void asApiTokenUnderALaxPolicyDoesNotOpenSecrets() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String token = asApiToken(guest, LAX);
    JsonNode c = claims(token);
    assertThat(c.at("/submods/cpu0/ear.appraisal-policy-id").asText()).isEqualTo(LAX);
    assertThat(c.at("/submods/cpu0/ear.status").asText()).isEqualTo("affirming");
    assertThat(
            c.at("/submods/cpu0/ear.veraison.annotated-evidence/runtime_data_claims/tee-pubkey")
                .isObject())
        .isTrue();
    KbsHttp.Reply r = fetchWithBearer(token);
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("TokenVerifierError");
    assertThat(r.body()).doesNotContain("protected");
  }

  @Test
  void asApiTokensCarryTheirOwnIssuerAndAreRefusedEvenUnderTheDefaultPolicy() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String token = asApiToken(guest, "default");
    assertThat(claims(token).get("iss").asText()).isEqualTo("CoCo-Attestation-Service/as");
    KbsHttp.Reply r = fetchWithBearer(token);
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("TokenVerifierError");
    assertThat(r.json().get("detail").asText()).contains("attestation API");
  }

  @Test
  void theSameGuestAttestedThroughRcarGetsTheSecretAsBearer() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String token = guest.attest();
    assertThat(claims(token).get("iss").asText()).isEqualTo("CoCo-Attestation-Service");
    KbsHttp.Reply r = fetchWithBearer(token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new String(guest.decrypt(r.json()), StandardCharsets.UTF_8))
        .isEqualTo("token-secret");
  }

  @Test
  void adminTokenWithoutExpIsRefused() throws Exception {
    long now = Instant.now().getEpochSecond();
    String noExp = AdminTokens.withPayload(AdminTokens.serverTrustedKey(), "{\"iat\":" + now + "}");
    KbsHttp.Reply r =
        new KbsHttp().get("/kbs/v0/resource", Map.of("Authorization", "Bearer " + noExp));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("detail").asText()).contains("exp");
    assertThat(new KbsHttp().get("/kbs/v0/resource", Admin.auth()).status()).isEqualTo(200);
  }

  @Test
  void adminTokenExpiringFarInTheFutureIsRefused() throws Exception {
    String decade = AdminTokens.token(AdminTokens.serverTrustedKey(), 10L * 365 * 24 * 3600);
    KbsHttp.Reply r =
        new KbsHttp().get("/kbs/v0/resource", Map.of("Authorization", "Bearer " + decade));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("detail").asText()).contains("kbs.admin.max-token-lifetime");
    String hour = AdminTokens.token(AdminTokens.serverTrustedKey(), 3600);
    assertThat(
            new KbsHttp()
                .get("/kbs/v0/resource", Map.of("Authorization", "Bearer " + hour))
                .status())
        .isEqualTo(200);
  }

  @Test
  void initDataOverTheBoundIsRefusedAtAttestNamingTheField() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String nonce = guest.auth().json().get("nonce").asText();
    ObjectNode body = guest.attestationBody(nonce, guest.reportData(nonce));
    String big =
        "version = \"0.1.0\"\nalgorithm = \"sha384\"\n[data]\n\"x\" = '''\n"
            + "#".repeat(64 * 1024)
            + "\n'''\n";
    body.putObject("init-data").put("format", "toml").put("body", big);
    KbsHttp.Reply r = guest.http.postJson("/kbs/v0/attest", body);
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("AttestationError");
    assertThat(r.json().get("detail").asText())
        .contains("init-data.body")
        .contains("kbs.attest.max-init-data-bytes");
  }

  @Test
  void rsa15GuestIsServedByDefault() throws Exception {
    SampleGuest guest = SampleGuest.rsa15();
    guest.attest();
    KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/" + SECRET_PATH);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("protected").asText()).isNotEmpty();
    assertThat(new String(guest.decrypt(r.json()), StandardCharsets.UTF_8))
        .isEqualTo("token-secret");
  }
}
