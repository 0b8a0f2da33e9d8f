package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Container image reference values over HTTP: the runbook group {@code container-images} posted to
 * {@code /kbs/v0/reference-value}, a guest whose init-data ({@code [data] images}) names images,
 * the EAR token of {@code /kbs/v0/attest} and the "why denied" record of {@code
 * /kbs/v0/appraisal?session=…}. The sample TEE does not bind init-data, so only the policy's use of
 * the images is under test here (the binding is the verifier's, see the az-snp-vtpm tests).
 */
class ContainerImageIT {
  static final String APP = "quay.io/it-images/app";
  static final String APP_DIGEST = "sha256:" + "d4".repeat(32);
  static final String OTHER_DIGEST = "sha256:" + "e5".repeat(32);

  @BeforeAll
  static void registerImages() throws Exception {
    // The IT database outlives builds and keeps the default_cpu stored by an older build (built-in
    // defaults are installed only when absent, as upstream): post this build's default policy.
    byte[] rego =
        java.nio.file.Files.readAllBytes(
            java.nio.file.Path.of("../kbs-ejb/src/main/resources/policies/default_cpu.rego"));
    String policy =
        "{\"type\":\"rego\",\"policy_id\":\"default_cpu\",\"policy\":\""
            + Base64.getUrlEncoder().withoutPadding().encodeToString(rego)
            + "\"}";
    KbsHttp.Reply p =
        new KbsHttp()
            .postJson(
                "/kbs/v0/attestation-policy",
                policy.getBytes(StandardCharsets.UTF_8),
                Admin.auth());
    assertThat(p.status()).as(p.body()).isEqualTo(200);
    String runbook =
        "[{\"name\":\"container-images\",\"images\":[{\"image\":\""
            + APP
            + ":1.0\",\"digest\":\""
            + APP_DIGEST
            + "\"}]}]";
    KbsHttp.Reply r =
        new KbsHttp()
            .postJson(
                "/kbs/v0/reference-value", runbook.getBytes(StandardCharsets.UTF_8), Admin.auth());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @AfterAll
  static void removeImages() throws Exception {
    for (String rv :
        new String[] {"container_images", "container_image_digests", "container_image_refs"}) {
      new KbsHttp().send("DELETE", "/kbs/v0/reference-value/" + rv, null, Admin.auth());
    }
  }

  static String initData(String image) {
    return "algorithm = \"sha256\"\nversion = \"0.1.0\"\n\n[data]\nimages = '''[\""
        + image
        + "\"]'''\n";
  }

  /** Attests with init-data naming {@code image}; returns the EAR payload and the record. */
  static JsonNode[] attest(String image) throws Exception {
    SampleGuest guest = SampleGuest.ec();
    KbsHttp.Reply a = guest.auth();
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    String nonce = a.json().get("nonce").asText();
    ObjectNode body = guest.attestationBody(nonce, guest.reportData(nonce));
    body.putObject("init-data").put("format", "toml").put("body", initData(image));
    KbsHttp.Reply t = guest.http.postJson("/kbs/v0/attest", body);
    assertThat(t.status()).as(t.body()).isEqualTo(200);
    String token = t.json().get("token").asText();
    JsonNode ear = KbsHttp.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    KbsHttp.Reply rec =
        new KbsHttp().get("/kbs/v0/appraisal?session=" + guest.http.sessionCookie(), Admin.auth());
    assertThat(rec.status()).as(rec.body()).isEqualTo(200);
    assertThat(rec.json()).as(rec.body()).hasSize(1);
    return new JsonNode[] {ear, rec.json().get(0).get("record")};
  }

  static JsonNode imageCheck(JsonNode record, String image) {
    for (JsonNode c : record.at("/submods/cpu0/reference_value_checks")) {
      if (c.path("claim").asText().equals("container_images[\"" + image + "\"].digest")) {
        return c;
      }
    }
    throw new AssertionError("no check of " + image + " in " + record);
  }

  @Test
  void aMatchingImageIsListedAsValidatedInTheEarAndMatchedInTheRecord() throws Exception {
    String image = APP + ":1.0@" + APP_DIGEST;

    JsonNode[] r = attest(image);

    assertThat(r[0].at("/submods/cpu0/ear.trustee.identifiers/validated/container_image_refs"))
        .isEqualTo(KbsHttp.JSON.readTree("[\"" + APP + "@" + APP_DIGEST + "\"]"));
    JsonNode check = imageCheck(r[1], image);
    assertThat(check.get("matched").booleanValue()).isTrue();
    assertThat(check.get("observed").asText()).isEqualTo(APP_DIGEST);
  }

  @Test
  void aWrongDigestIsAFailedCheckNamingTheImageAndBothDigests() throws Exception {
    String image = APP + "@" + OTHER_DIGEST;

    JsonNode[] r = attest(image);

    assertThat(r[0].at("/submods/cpu0/ear.trustworthiness-vector/executables").intValue())
        .isEqualTo(33);
    assertThat(
            r[0].at("/submods/cpu0/ear.trustee.identifiers/validated").has("container_image_refs"))
        .isFalse();
    JsonNode check = imageCheck(r[1], image);
    assertThat(check.get("matched").booleanValue()).isFalse();
    assertThat(check.get("observed").asText()).isEqualTo(OTHER_DIGEST);
    assertThat(check.get("registered"))
        .isEqualTo(KbsHttp.JSON.readTree("[\"" + APP_DIGEST + "\"]"));
    assertThat(check.get("description").asText())
        .isEqualTo(
            "container_images[\""
                + image
                + "\"].digest: got \""
                + OTHER_DIGEST
                + "\", registered [\""
                + APP_DIGEST
                + "\"] (container_image_refs, no match)");
    assertThat(r[1].at("/public_summary/submods/cpu0/failed_checks").toString())
        .contains("container_images[\\\"" + image + "\\\"].digest does not match")
        .doesNotContain(APP_DIGEST);
  }
}
