package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A resource {@code <repo>/security-policy/<tag>} is the containers-policy.json that guests
 * (image-rs) fetch: an administrator's upload is checked (400 RFC 7807 naming the JSON path of the
 * error, nothing stored), a valid one is served byte for byte. Other resource types are stored
 * whatever their bytes.
 */
class SecurityPolicyResourceIT {
  /** The security policy of the OpenShift bundle. */
  static final Path BUNDLE_POLICY =
      Path.of("..", "server-config", "openshift", "base", "files", "security-policy.json");

  @BeforeAll
  static void openPolicy() throws Exception {
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
  }

  private static KbsHttp.Reply upload(String path, byte[] body) throws Exception {
    return new KbsHttp()
        .send(
            "POST",
            "/kbs/v0/resource/" + path,
            body,
            Map.of(
                "Authorization",
                AdminTokens.bearer(AdminTokens.valid()),
                "Content-Type",
                "application/octet-stream"));
  }

  private static byte[] fetch(String path) throws Exception {
    SampleGuest guest = SampleGuest.ec();
    guest.attest();
    KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/" + path);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return guest.decrypt(r.json());
  }

  @Test
  void theBundlePolicyIsStoredAndServedByteForByte() throws Exception {
    byte[] policy = Files.readAllBytes(BUNDLE_POLICY);
    String path = "default/security-policy/osc-it-" + System.nanoTime();
    KbsHttp.Reply stored = upload(path, policy);
    assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    assertThat(fetch(path)).isEqualTo(policy);
  }

  @Test
  void anInvalidPolicyIsRefusedWith400NamingTheJsonPathAndTheOldOneStays() throws Exception {
    String path = "default/security-policy/osc-it-bad-" + System.nanoTime();
    byte[] good =
        "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}".getBytes(StandardCharsets.UTF_8);
    assertThat(upload(path, good).status()).isEqualTo(200);

    KbsHttp.Reply badKeyType =
        upload(
            path,
            ("{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"quay.io\":"
                    + "[{\"type\":\"signedBy\",\"keyType\":\"GPG\",\"keyPath\":\"kbs:///default/gpg-keys/q\"}]}}}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(badKeyType.status()).as(badKeyType.body()).isEqualTo(400);
    // RFC 7807 members, with the content type of every KBS error (application/json, as upstream
    // clients expect).
    assertThat(badKeyType.json().has("type")).isTrue();
    assertThat(badKeyType.json().has("detail")).isTrue();
    assertThat(badKeyType.errorType()).isEqualTo("PluginInternalError");
    assertThat(badKeyType.json().path("detail").asText())
        .contains("not a valid containers-policy.json")
        .contains("$.transports.docker[\"quay.io\"][0].keyType")
        .contains("unknown key type \"GPG\"");

    KbsHttp.Reply malformed =
        upload(
            path, "{\"default\": [\n{\"type\": \"reject\"},\n]}".getBytes(StandardCharsets.UTF_8));
    assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
    assertThat(malformed.json().path("detail").asText())
        .contains("not valid JSON")
        .contains("line 3");

    KbsHttp.Reply empty = upload(path, "{\"default\": []}".getBytes(StandardCharsets.UTF_8));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().path("detail").asText()).contains("$.default: must not be empty");

    assertThat(fetch(path)).as("nothing of the refused uploads was stored").isEqualTo(good);
  }

  @Test
  void otherResourceTypesAreNotChecked() throws Exception {
    String path = "default/gpg-keys/it-" + System.nanoTime();
    byte[] key = {(byte) 0x99, 0x01, 0x0d, 0x04, '{', 0};
    assertThat(upload(path, key).status()).isEqualTo(200);
    assertThat(fetch(path)).isEqualTo(key);
  }
}
