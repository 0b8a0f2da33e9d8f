package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The source document's hand-typed calls answer with an RFC 7807 problem that says what to call
 * instead, never a bare 404/400: {@code POST $KBS_URL/attestation -d '{"tee":"azsnpvtpm"}'}, {@code
 * GET $KBS_URL/resource/<ns>/<name>} with or without a Bearer token, and unknown {@code /kbs/v0/*}
 * paths. The AS API keeps working for proper requests ({@link AttestationApiIT}).
 */
class CallGuidanceIT {
  static final String SIMPLIFIED = "{\"tee\":\"azsnpvtpm\"}";

  static void assertProblem(KbsHttp.Reply r, int status, String type) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().get("content-type")).anySatisfy(v -> assertThat(v).contains("json"));
    assertThat(r.errorType()).as(r.body()).isEqualTo(type);
    assertThat(r.json().get("detail").asText()).isNotBlank();
  }

  @Test
  void theSimplifiedAttestationCallWithAdminCredentialsIsA400WithDirections() throws Exception {
    KbsHttp.Reply r =
        new KbsHttp()
            .postJson("/attestation", SIMPLIFIED.getBytes(StandardCharsets.UTF_8), Admin.auth());

    assertProblem(r, 400, "AttestationError");
    assertThat(r.json().get("detail").asText())
        .contains(
            "POST /attestation is the attestation-service API",
            "\"verification_requests\"",
            "attestation agent (AA)",
            "POST /kbs/v0/auth -> POST /kbs/v0/attest",
            "/kbs/v0/resource/<repository>/<type>/<tag>");
  }

  @Test
  void theSimplifiedAttestationCallWithoutCredentialsIsRefusedWithDirectionsToo() {
    KbsHttp.Reply r =
        new KbsHttp().postJson("/attestation", SIMPLIFIED.getBytes(StandardCharsets.UTF_8));

    assertProblem(r, 401, "AdminAuthAccess");
    assertThat(r.json().get("detail").asText())
        .startsWith("admin authentication failed")
        .contains("attestation-service API for administrators", "POST /kbs/v0/auth");
    assertThat(r.body()).doesNotContain("eyJ");
  }

  @Test
  void aResourceOutsideKbsV0IsA404NamingTheKbsPathWithOrWithoutAToken() throws Exception {
    KbsHttp http = new KbsHttp();
    String token = SampleGuest.ec().attest();
    for (Map<String, String> headers :
        java.util.List.of(
            Map.<String, String>of(), Map.of("Authorization", "Bearer " + token), Admin.auth())) {
      KbsHttp.Reply r = http.get("/resource/default/security-policy/osc", headers);

      assertProblem(r, 404, "InvalidRequestPath");
      assertThat(r.json().get("detail").asText())
          .contains(
              "/kbs/v0/resource/default/security-policy/osc",
              "attestation token that POST /kbs/v0/attest returns")
          .doesNotContain(token);
    }
    KbsHttp.Reply two = http.get("/resource/mysecret/key1");
    assertProblem(two, 404, "InvalidRequestPath");
    assertThat(two.json().get("detail").asText())
        .contains("/kbs/v0/resource/mysecret/key1", "exactly three segments");
  }

  @Test
  void unknownKbsPathsAre404ProblemsListingTheEndpoints() {
    KbsHttp http = new KbsHttp();
    for (String path :
        java.util.List.of(
            "/kbs/v0/attestation", "/kbs/v0/resources/default/a/b", "/kbs/v0/token")) {
      KbsHttp.Reply r = http.get(path);

      assertProblem(r, 404, "PluginNotFound");
      assertThat(r.json().get("detail").asText())
          .as(path)
          .contains(
              "not found", "POST /kbs/v0/auth", "POST /kbs/v0/attest", "GET /kbs/v0/resource/");
    }
    KbsHttp.Reply post =
        http.postJson("/kbs/v0/attestation", SIMPLIFIED.getBytes(StandardCharsets.UTF_8));
    assertProblem(post, 404, "PluginNotFound");
  }

  @Test
  void pathsOutsideEveryEndpointAre404ProblemsListingTheEndpoints() {
    KbsHttp http = new KbsHttp();
    for (String path : java.util.List.of("/kbs/v0", "/kbs", "/kbs/v1/auth", "/no-such-path")) {
      KbsHttp.Reply r = http.get(path);

      assertProblem(r, 404, "PluginNotFound");
      assertThat(r.json().get("detail").asText())
          .as(path)
          .startsWith("no endpoint at " + path)
          .contains("POST /kbs/v0/auth", "GET /kbs/v0/resource/");
    }
  }
}
