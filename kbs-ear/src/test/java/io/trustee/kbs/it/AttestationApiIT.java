package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The standalone Attestation Service API on the KBS URL (attestation-service.md §1): {@code POST
 * /attestation} returns the EAR token itself; {@code GET /policy} lists the policies (admin).
 */
class AttestationApiIT {

  private static ObjectNode request(byte[] reportData, String svnEvidence) {
    ObjectNode body = KbsHttp.JSON.createObjectNode();
    ArrayNode reqs = body.putArray("verification_requests");
    ObjectNode r = reqs.addObject();
    r.put("tee", "sample");
    String evidence =
        "{\"svn\":\""
            + svnEvidence
            + "\",\"report_data\":\""
            + Base64.getEncoder().encodeToString(reportData)
            + "\"}";
    r.put(
        "evidence",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(evidence.getBytes(StandardCharsets.UTF_8)));
    r.putObject("runtime_data")
        .put("raw", Base64.getUrlEncoder().withoutPadding().encodeToString(reportData));
    body.putArray("policy_ids");
    return body;
  }

  @Test
  void attestationReturnsAnEarToken() throws Exception {
    byte[] reportData = "challenge".getBytes(StandardCharsets.US_ASCII);
    KbsHttp.Reply r =
        new KbsHttp().postJson("/attestation", request(reportData, "1"), Admin.auth());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String[] parts = r.body().split("\\.");
    assertThat(parts).hasSize(3);
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(KbsHttp.JSON.readTree(payload).at("/submods/cpu0/ear.appraisal-policy-id").asText())
        .isEqualTo("default");
  }

  @Test
  void evidenceBoundToOtherDataIsA400NamingTheCheck() throws Exception {
    ObjectNode body = request("challenge".getBytes(StandardCharsets.US_ASCII), "1");
    ((ObjectNode) body.get("verification_requests").get(0))
        .putObject("runtime_data")
        .put("raw", "b3RoZXI");
    KbsHttp.Reply r = new KbsHttp().postJson("/attestation", body, Admin.auth());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("detail").asText()).contains("bad evidence");
  }

  @Test
  void attestationWithoutAdminCredentialsIsRefusedAndMintsNoToken() throws Exception {
    byte[] reportData = "challenge".getBytes(StandardCharsets.US_ASCII);
    KbsHttp.Reply r = new KbsHttp().postJson("/attestation", request(reportData, "1"));
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("AdminAuthAccess");
    assertThat(r.body()).doesNotContain("eyJ");
    assertThat(new KbsHttp().postJson("/challenge", KbsHttp.JSON.createObjectNode()).status())
        .isEqualTo(401);
  }

  @Test
  void policyListNeedsAdminAndNamesTheDefaults() throws Exception {
    assertThat(new KbsHttp().get("/policy").status()).isEqualTo(401);
    KbsHttp.Reply r = new KbsHttp().get("/policy", Admin.auth());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("{\"policy-id\":\"default_cpu\"}");
  }
}
