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
}
