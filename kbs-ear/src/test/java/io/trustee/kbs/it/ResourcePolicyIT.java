package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resource policy decides, and a new policy takes effect at once (no restart). */
class ResourcePolicyIT {

  @BeforeAll
  static void secret() throws Exception {
    assertThat(Admin.putSecret("default/key/it-policy", "policy-guarded").status()).isEqualTo(200);
  }

  @AfterAll
  static void reopen() throws Exception {
    Admin.setResourcePolicy(Admin.ALLOW_ALL);
  }

  @Test
  void denyAllPolicyRefusesWithPolicyDenyThenAllowReleases() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    guest.attest();
    assertThat(Admin.setResourcePolicy(Admin.DENY_ALL).status()).isEqualTo(200);
    KbsHttp.Reply denied = guest.http.get("/kbs/v0/resource/default/key/it-policy");
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.errorType()).isEqualTo("PolicyDeny");

    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
    assertThat(guest.http.get("/kbs/v0/resource/default/key/it-policy").status()).isEqualTo(200);
  }

  @Test
  void policyThatDoesNotCompileIsRefusedWith400AndTheOldOneStays() throws Exception {
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
    KbsHttp.Reply bad = Admin.setResourcePolicy("package policy\nallow if {\n");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorType()).isEqualTo("PolicyEngineError");
    assertThat(bad.json().get("detail").asText()).containsPattern("\\d+:\\d+");
    KbsHttp.Reply text = new KbsHttp().get("/kbs/v0/resource-policy?view=text", Admin.auth());
    assertThat(text.body()).isEqualTo(Admin.ALLOW_ALL);
    assertThat(new KbsHttp().get("/kbs/v0/resource-policy", Admin.auth()).body())
        .isEqualTo("[\"resource-policy\"]");
  }

  @Test
  void dryRunReportsTheDecisionAndTheRulesConsulted() throws Exception {
    String claims =
        "{\"claims\":{\"submods\":{\"cpu0\":{\"ear.status\":\"affirming\"}}},"
            + "\"resource-path\":\"default/key/x\"}";
    KbsHttp.Reply r =
        new KbsHttp()
            .postJson(
                "/kbs/v0/resource-policy/dry-run",
                claims.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Admin.auth());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("allowed").asBoolean()).isTrue();
    assertThat(r.json().get("rules").has("data.policy.allow")).isTrue();
  }
}
