package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A resource path with a trailing slash or an empty segment names no resource: 404 {@code
 * InvalidRequestPath} for the attested guest (GET) and for the administrator (POST, DELETE), never
 * the resource of the path without the slash.
 */
class ResourcePathIT {
  static final String PATH = "default/key/it-slash";
  static final List<String> MALFORMED =
      List.of(PATH + "/", "default//it-slash", "default/key//it-slash", "/" + PATH, PATH + "//");

  @BeforeAll
  static void secretAndOpenPolicy() throws Exception {
    assertThat(Admin.putSecret(PATH, "slash-secret").status()).isEqualTo(200);
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
  }

  @Test
  void attestedGuestGetsNothingForATrailingSlashOrAnEmptySegment() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    guest.attest();
    KbsHttp.Reply ok = guest.http.get("/kbs/v0/resource/" + PATH);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    for (String p : MALFORMED) {
      KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/" + p);
      assertThat(r.status()).as(p + ": " + r.body()).isEqualTo(404);
      assertThat(r.errorType()).as(p).isEqualTo("InvalidRequestPath");
      assertThat(r.body()).as(p).doesNotContain("protected", "ciphertext");
    }
  }

  @Test
  void adminCannotStoreOrDeleteUnderATrailingSlash() throws Exception {
    String fresh = "default/key/it-slash-" + System.nanoTime();
    for (String p : List.of(fresh + "/", fresh.replace("/key/", "//"))) {
      KbsHttp.Reply r =
          new KbsHttp()
              .send(
                  "POST",
                  "/kbs/v0/resource/" + p,
                  "x".getBytes(StandardCharsets.UTF_8),
                  Map.of(
                      "Authorization",
                      AdminTokens.bearer(AdminTokens.valid()),
                      "Content-Type",
                      "application/octet-stream"));
      assertThat(r.status()).as(p + ": " + r.body()).isEqualTo(404);
      assertThat(r.errorType()).as(p).isEqualTo("InvalidRequestPath");
    }
    // nothing was stored under the path without the slash
    SampleGuest guest = SampleGuest.ec();
    guest.attest();
    KbsHttp.Reply absent = guest.http.get("/kbs/v0/resource/" + fresh);
    assertThat(absent.status()).isEqualTo(401);
    assertThat(absent.errorType()).isEqualTo("PluginInternalError");

    KbsHttp.Reply del =
        new KbsHttp().send("DELETE", "/kbs/v0/resource/" + PATH + "/", null, Admin.auth());
    assertThat(del.status()).as(del.body()).isEqualTo(404);
    assertThat(del.errorType()).isEqualTo("InvalidRequestPath");
    assertThat(guest.http.get("/kbs/v0/resource/" + PATH).status()).isEqualTo(200);
  }
}
