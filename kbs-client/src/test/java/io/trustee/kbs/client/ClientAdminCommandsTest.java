package io.trustee.kbs.client;

import static io.trustee.kbs.client.ClientEventLogToRvTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.client.ClientEventLogToRvTest.Run;
import io.trustee.kbs.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request building of the admin commands, against a loopback fake KBS. */
class ClientAdminCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private FakeKbs kbs;
  private FakeKbs.Reply reply = FakeKbs.Reply.empty();
  private KeyPair adminKeys;
  private Path adminKey;

  @BeforeEach
  void start() throws Exception {
    kbs = new FakeKbs(r -> reply);
    adminKeys = Pem.generateEd25519();
    adminKey = dir.resolve("admin.pem");
    Files.writeString(adminKey, Pem.write(adminKeys.getPrivate()));
  }

  @AfterEach
  void stop() {
    kbs.close();
  }

  private Run admin(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = kbs.url();
    all[args.length + 2] = "--admin-key";
    all[args.length + 3] = adminKey.toString();
    return run(all);
  }

  private void assertAdminToken(FakeKbs.Request r) throws Exception {
    String auth = r.header("Authorization");
    assertThat(auth).startsWith("Bearer ");
    ClientAdminTokenTest.verify(auth.substring(7), adminKeys.getPublic());
  }

  private static final String PROPOSAL =
      "[{\"version\":\"0.1.0\",\"name\":\"measurement\",\"expiration\":\"2027-12-06T00:00:00Z\","
          + "\"value\":[\"m1\"]},{\"version\":\"0.1.0\",\"name\":\"snp_pcr11\","
          + "\"expiration\":\"2027-12-06T00:00:00Z\",\"value\":[\"p11\"]}]";

  /** A fake KBS with two appraisals of the last hour: 8 (sample, nothing to promote) and 7. */
  private void appraisalsKbs() throws Exception {
    kbs.close();
    kbs =
        new FakeKbs(
            r ->
                switch (r.method() + " " + r.rawPath()) {
                  case "GET /kbs/v0/appraisal" ->
                      FakeKbs.Reply.json(
                          200,
                          "[{\"id\":9,\"tee\":\"az-snp-vtpm\",\"status\":\"affirming\","
                              + "\"record\":{\"proposed_reference_values\":[]}},"
                              + "{\"id\":8,\"tee\":\"sample\",\"status\":\"warning\","
                              + "\"record\":{\"proposed_reference_values\":[{}]}},"
                              + "{\"id\":7,\"tee\":\"az-snp-vtpm\",\"status\":\"warning\","
                              + "\"time\":\"2026-12-06T21:00:00Z\","
                              + "\"record\":{\"proposed_reference_values\":[{}]}}]");
                  case "GET /kbs/v0/appraisal/7/promotion" -> FakeKbs.Reply.json(200, PROPOSAL);
                  case "POST /kbs/v0/appraisal/7/promotion" ->
                      FakeKbs.Reply.json(200, "[\"measurement\",\"snp_pcr11\"]");
                  case "GET /kbs/v0/appraisal/5/promotion" -> FakeKbs.Reply.json(200, "[]");
                  default -> FakeKbs.Reply.json(404, "{\"type\":\"x/RvpsError\"}");
                });
  }

  @Test
  void promoteShowsTheProposalThenPostsIt() throws Exception {
    appraisalsKbs();
    Run r = admin("promote", "7");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(kbs.requests)
        .extracting(q -> q.method() + " " + q.rawPath())
        .containsExactly("GET /kbs/v0/appraisal/7/promotion", "POST /kbs/v0/appraisal/7/promotion");
    kbs.requests.forEach(
        q -> {
          try {
            assertAdminToken(q);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    assertThat(r.out())
        .isEqualTo("appraisal 7 registers:\n  measurement = [\"m1\"]\n  snp_pcr11 = [\"p11\"]\n");
    assertThat(r.err()).contains("registered reference values measurement, snp_pcr11");
  }

  @Test
  void promoteLatestPicksTheNewestWithSomethingToPromoteOfTheTeeAndDryRunStoresNothing()
      throws Exception {
    appraisalsKbs();
    Run r = admin("promote", "--latest", "--tee", "az-snp-vtpm", "--dry-run");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(kbs.requests)
        .extracting(q -> q.method() + " " + q.rawPath() + " " + q.rawQuery())
        .containsExactly(
            "GET /kbs/v0/appraisal limit=500", "GET /kbs/v0/appraisal/7/promotion null");
    assertThat(r.err())
        .contains("latest: appraisal 7 (2026-12-06T21:00:00Z, az-snp-vtpm, warning)");
    assertThat(r.out()).startsWith("appraisal 7 would register:\n  measurement = [\"m1\"]");
  }

  @Test
  void promoteRefusesWhatItCannotDo() throws Exception {
    appraisalsKbs();
    assertThat(admin("promote", "--latest", "--tee", "tdx").err())
        .contains("no appraisal of the last hour of TEE tdx has a measurement or PCR to promote");
    assertThat(admin("promote", "5").err())
        .contains("appraisal 5 has no measurement or PCR to promote");
    assertThat(admin("promote", "7", "--tee", "az-snp-vtpm").err())
        .contains("--tee is only used together with --latest");
    assertThat(admin("promote").status()).isEqualTo(2);
    assertThat(admin("promote", "7", "--latest").status()).isEqualTo(2);
    assertThat(kbs.requests).extracting(FakeKbs.Request::method).doesNotContain("POST");
  }

  @Test
  void setResourcePostsTheRawBytesWithAToken() throws Exception {
    byte[] secret = {0, 1, 2, 3, (byte) 0xfe, 's'};
    Path f = dir.resolve("secret.bin");
    Files.write(f, secret);
    Run r = admin("set-resource", "default/key/one", "--file", f.toString());
    assertThat(r.status()).as(r.err()).isZero();
    FakeKbs.Request req = kbs.only();
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.rawPath()).isEqualTo("/kbs/v0/resource/default/key/one");
    assertThat(req.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(req.body()).isEqualTo(secret);
    assertAdminToken(req);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("stored default/key/one (6 bytes)");
  }

  @Test
  void metricsPrintsThePrometheusTextAndMatchKeepsOneFamily() throws Exception {
    String text =
        "# HELP kbs_auth_requests_total /auth requests\n"
            + "# TYPE kbs_auth_requests_total counter\n"
            + "kbs_auth_requests_total 3.0\n"
            + "# HELP kbs_attestation_failures_total refused evidence\n"
            + "# TYPE kbs_attestation_failures_total counter\n"
            + "kbs_attestation_failures_total{tee_type=\"sample\"} 1.0\n";
    reply =
        new FakeKbs.Reply(
            200,
            text.getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "text/plain; version=0.0.4"));

    Run all = admin("metrics");
    assertThat(all.status()).as(all.err()).isZero();
    assertThat(all.out()).isEqualTo(text);
    assertThat(kbs.requests.get(0).rawPath()).isEqualTo("/metrics");
    assertAdminToken(kbs.requests.get(0));

    Run one = admin("metrics", "--match", "kbs_attestation");
    assertThat(one.out().lines().toList())
        .containsExactly(
            "# HELP kbs_attestation_failures_total refused evidence",
            "# TYPE kbs_attestation_failures_total counter",
            "kbs_attestation_failures_total{tee_type=\"sample\"} 1.0");

    Run bad = admin("metrics", "--match", "kbs auth");
    assertThat(bad.status()).isNotZero();
    assertThat(bad.err()).contains("--match");
  }

  @Test
  void deleteAndListResources() throws Exception {
    assertThat(admin("delete-resource", "default/key/one").status()).isZero();
    assertThat(kbs.requests.get(0).method()).isEqualTo("DELETE");
    assertThat(kbs.requests.get(0).rawPath()).isEqualTo("/kbs/v0/resource/default/key/one");
    reply = FakeKbs.Reply.json(200, "[{\"path\":\"default/key/one\"}]");
    Run list = admin("list-resources");
    assertThat(list.status()).isZero();
    assertThat(kbs.requests.get(1).method()).isEqualTo("GET");
    assertThat(kbs.requests.get(1).rawPath()).isEqualTo("/kbs/v0/resource");
    assertThat(list.out().strip()).isEqualTo("[{\"path\":\"default/key/one\"}]");
    assertAdminToken(kbs.requests.get(1));
  }

  @Test
  void badResourcePathIsRefusedBeforeAnyRequest() {
    Run r = admin("set-resource", "default/../x", "--file", "nope");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("REPO/TYPE/TAG 'default/../x'");
    Run two = admin("delete-resource", "only/two");
    assertThat(two.err()).contains("exactly three segments");
    assertThat(kbs.requests).isEmpty();
  }

  @Test
  void resourcePolicyIsSentAsUnpaddedBase64Url() throws Exception {
    String rego = "package policy\ndefault allow = false\n# ü?>\n";
    Path f = dir.resolve("p.rego");
    Files.writeString(f, rego);
    assertThat(admin("set-resource-policy", "--file", f.toString()).status()).isZero();
    FakeKbs.Request req = kbs.only();
    assertThat(req.rawPath()).isEqualTo("/kbs/v0/resource-policy");
    String b64 = JSON.readTree(req.body()).get("policy").asText();
    assertThat(b64).doesNotContain("=", "+", "/");
    assertThat(new String(Base64.getUrlDecoder().decode(b64), StandardCharsets.UTF_8))
        .isEqualTo(rego);
    assertAdminToken(req);
  }

  @Test
  void getResourcePolicyIdsOrText() {
    reply = FakeKbs.Reply.json(200, "[\"resource-policy\"]");
    assertThat(admin("get-resource-policy").out().strip()).isEqualTo("[\"resource-policy\"]");
    assertThat(kbs.requests.get(0).rawQuery()).isNull();
    admin("get-resource-policy", "--text");
    assertThat(kbs.requests.get(1).rawQuery()).isEqualTo("view=text");
  }

  @Test
  void attestationPolicyBody() throws Exception {
    Path f = dir.resolve("cpu.rego");
    Files.writeString(f, "package policy\n");
    assertThat(admin("set-attestation-policy", "--file", f.toString()).status()).isZero();
    JsonNode body = JSON.readTree(kbs.only().body());
    assertThat(kbs.only().rawPath()).isEqualTo("/kbs/v0/attestation-policy");
    assertThat(body.get("type").asText()).isEqualTo("rego");
    assertThat(body.get("policy_id").asText()).isEqualTo("default_cpu");
    assertThat(body.get("policy").asText())
        .isEqualTo(
            Base64.getUrlEncoder().withoutPadding().encodeToString("package policy\n".getBytes()));
  }

  @Test
  void eventLogOutputRegistersAsIs() throws Exception {
    Path log =
        ClientEventLogToRvTest.eventlogs().resolve("cvm-measure_azure-snp-ncc40ads-h100-v5.bin");
    Run conv = run("eventlog-to-rv", log.toString());
    Path msg = dir.resolve("message.json");
    Files.writeString(msg, conv.out());
    Run r = admin("register-rv", "--file", msg.toString());
    assertThat(r.status()).as(r.err()).isZero();
    FakeKbs.Request req = kbs.only();
    assertThat(req.rawPath()).isEqualTo("/kbs/v0/reference-value");
    assertThat(req.header("Content-Type")).isEqualTo("application/json");
    assertThat(req.body()).isEqualTo(Files.readAllBytes(msg));
  }

  @Test
  void registerRvRefusesWhatIsNotAMessage() throws Exception {
    Path f = dir.resolve("m.json");
    Files.writeString(f, "{\"measurement\":[\"x\"]}");
    Run r = admin("register-rv", "--file", f.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("--file " + f).contains("RVPS message");
    Files.writeString(f, "{oops");
    assertThat(admin("register-rv", "--file", f.toString()).err()).contains("not valid JSON");
    assertThat(kbs.requests).isEmpty();
  }

  @Test
  void getRvKeepsDoubleSlashesInTheName() {
    reply = FakeKbs.Reply.json(200, "[\"abc\"]");
    Run r = admin("get-rv", "rvps:///github.com/confidential-containers/measurement:v1");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(kbs.only().rawPath())
        .isEqualTo(
            "/kbs/v0/reference-value/rvps:///github.com/confidential-containers/measurement:v1");
    assertThat(r.out().strip()).isEqualTo("[\"abc\"]");
  }

  @Test
  void rvHistoryAsksForTheHistoryPathAndNamesTheErrorType() {
    reply = FakeKbs.Reply.json(200, "[{\"event\":\"revoked\"}]");
    Run r = admin("rv-history", "snp/pcr11");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(kbs.only().rawPath()).isEqualTo("/kbs/v0/reference-value/snp/pcr11/history");
    assertThat(r.out()).contains("revoked");
    assertThat(admin("rv-history", " ").err()).contains("NAME");
  }

  @Test
  void appraisalsFailedPrintsATableOfTheNonAffirmingOnes() {
    reply =
        FakeKbs.Reply.json(
            200,
            "[{\"id\":1,\"session\":\"s1\",\"time\":\"2026-12-06T18:00:00Z\","
                + "\"tee\":\"az-snp-vtpm\",\"status\":\"not-affirming\",\"record\":"
                + "{\"public_summary\":{\"submods\":{\"cpu0\":{\"claims\":"
                + "{\"executables\":\"warning\"}}}}}},"
                + "{\"id\":2,\"session\":\"s2\",\"time\":\"2026-12-06T18:01:00Z\","
                + "\"tee\":\"az-snp-vtpm\",\"status\":\"affirming\",\"record\":{}},"
                + "{\"id\":3,\"session\":\"s3\",\"time\":\"2026-12-06T18:02:00Z\","
                + "\"tee\":\"az-snp-vtpm\",\"status\":\"refused\",\"record\":"
                + "{\"refused\":{\"check\":\"nonce mismatch\"}}}]");
    Run r = admin("appraisals", "--failed");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("TIME")
        .contains(AdminCommands.Appraisals.guest("s1"))
        .contains("executables=warning")
        .contains("refused: nonce mismatch")
        .doesNotContain("2026-12-06T18:01:00Z");
    assertThat(AdminCommands.Appraisals.guest("s1")).matches("session#[0-9a-f]{12}");
  }

  @Test
  void appraisalShowsThePcrDiffAsATable() {
    reply =
        FakeKbs.Reply.json(
            200,
            "{\"id\":7,\"time\":\"t\",\"tee\":\"az-snp-vtpm\",\"status\":\"not-affirming\","
                + "\"record\":{\"submods\":{\"cpu0\":{\"reference_value_checks\":["
                + "{\"reference_value\":\"snp_pcr11\",\"claim\":\"az-snp-vtpm.tpm.pcr11\","
                + "\"observed\":\"cd34\",\"registered\":[\"ab12\"],\"matched\":false},"
                + "{\"reference_value\":\"snp_pcr03\",\"claim\":\"az-snp-vtpm.tpm.pcr03\","
                + "\"observed\":\"ee\",\"registered\":[\"ee\"],\"matched\":true},"
                + "{\"reference_value\":\"measurement\",\"claim\":\"az-snp-vtpm.measurement\","
                + "\"observed\":\"mm\",\"registered\":[\"mm\"],\"matched\":true}]}}}}");
    Run r = admin("appraisal", "7");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(kbs.only().rawPath()).isEqualTo("/kbs/v0/appraisal/7");
    assertThat(r.out()).contains("PCR").contains("EXPECTED").doesNotContain("measurement");
    assertThat(r.out().lines().filter(l -> l.startsWith("pcr11")).findFirst().orElseThrow())
        .matches("pcr11\\s+ab12\\s+cd34\\s+NO");
    assertThat(r.out().lines().filter(l -> l.startsWith("pcr03")).findFirst().orElseThrow())
        .matches("pcr03\\s+ee\\s+ee\\s+yes");
  }

  @Test
  void appraisalsFilterBySession() {
    reply = FakeKbs.Reply.json(200, "[]");
    assertThat(admin("appraisals", "--session", "0123abcd", "--limit", "5").status()).isZero();
    assertThat(kbs.only().rawPath()).isEqualTo("/kbs/v0/appraisal");
    assertThat(kbs.only().rawQuery()).isEqualTo("session=0123abcd&limit=5");
    Run bad = admin("appraisals", "--session", "x y");
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err()).contains("--session");
  }

  @Test
  void dryRunBody() throws Exception {
    Path claims = dir.resolve("claims.json");
    Files.writeString(claims, "{\"submods\":{\"cpu0\":{\"ear.status\":\"affirming\"}}}");
    Path policy = dir.resolve("p.rego");
    Files.writeString(policy, "package policy\ndefault allow = true\n");
    reply = FakeKbs.Reply.json(200, "{\"allow\":true}");
    Run r =
        admin(
            "dry-run",
            "--claims",
            claims.toString(),
            "--path",
            "default/key/one",
            "--policy",
            policy.toString());
    assertThat(r.status()).as(r.err()).isZero();
    FakeKbs.Request req = kbs.only();
    assertThat(req.rawPath()).isEqualTo("/kbs/v0/resource-policy/dry-run");
    JsonNode body = JSON.readTree(req.body());
    assertThat(body.at("/claims/submods/cpu0/ear.status").asText()).isEqualTo("affirming");
    assertThat(body.get("resource-path").asText()).isEqualTo("default/key/one");
    assertThat(Base64.getUrlDecoder().decode(body.get("policy").asText()))
        .isEqualTo(Files.readAllBytes(policy));
    assertThat(r.out().strip()).isEqualTo("{\"allow\":true}");
    Files.writeString(claims, "[1]");
    assertThat(admin("dry-run", "--claims", claims.toString(), "--path", "a/b/c").err())
        .contains("--claims " + claims + ": must be a JSON object");
  }

  @Test
  void serverErrorsNameStatusAndKbsErrorType() {
    reply =
        FakeKbs.Reply.json(
            401,
            "{\"type\":\"https://github.com/confidential-containers/kbs/errors/AdminAuthAccess\","
                + "\"detail\":\"no configured admin key verifies the token\"}");
    Run r = admin("list-resources");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "GET /kbs/v0/resource failed: HTTP 401 AdminAuthAccess: no configured admin key"
                + " verifies the token");
  }

  @Test
  void withoutAdminKeyNoAuthorizationHeaderIsSent() {
    reply = FakeKbs.Reply.json(200, "[]");
    Run r = run("list-resources", "--url", kbs.url());
    assertThat(r.status()).isZero();
    assertThat(kbs.only().header("Authorization")).isNull();
  }

  @Test
  void optionErrors() {
    Run noUrl = run("list-resources");
    assertThat(noUrl.status()).isEqualTo(1);
    assertThat(noUrl.err()).contains("--url").contains("KBS_URL");
    Run scheme = run("list-resources", "--url", "ftp://x");
    assertThat(scheme.status()).isEqualTo(1);
    assertThat(scheme.err()).contains("--url: scheme must be https or http");
    Run both =
        run(
            "list-resources",
            "--url",
            kbs.url(),
            "--insecure-tls",
            "--cacert",
            adminKey.toString());
    assertThat(both.err()).contains("--cacert and --insecure-tls exclude each other");
    Run noFile = run("set-resource", "a/b/c", "--url", kbs.url());
    assertThat(noFile.status()).isEqualTo(2);
    assertThat(noFile.err()).contains("--file");
    Run unreachable = run("list-resources", "--url", "http://127.0.0.1:1", "--timeout", "2");
    assertThat(unreachable.status()).isEqualTo(1);
    assertThat(unreachable.err()).contains("cannot reach the KBS");
    assertThat(kbs.requests).isEmpty();
  }

  @Test
  void keyCommandsSendTheirRequestsWithAToken() throws Exception {
    reply = FakeKbs.Reply.json(200, "{\"active\":\"k2\"}");
    Run rotate = admin("rotate-token-key");
    assertThat(rotate.status()).as(rotate.err()).isZero();
    assertThat(rotate.out()).contains("\"active\":\"k2\"");
    Run list = admin("token-keys");
    assertThat(list.status()).as(list.err()).isZero();
    Run status = admin("kek-status");
    assertThat(status.status()).as(status.err()).isZero();
    Run rewrap = admin("rewrap-kek", "--batch-size", "50");
    assertThat(rewrap.status()).as(rewrap.err()).isZero();
    assertThat(kbs.requests).hasSize(4);
    assertThat(kbs.requests.get(0).method()).isEqualTo("POST");
    assertThat(kbs.requests.get(0).rawPath()).isEqualTo("/kbs/v0/token-keys/rotate");
    assertThat(kbs.requests.get(1).method()).isEqualTo("GET");
    assertThat(kbs.requests.get(1).rawPath()).isEqualTo("/kbs/v0/token-keys");
    assertThat(kbs.requests.get(2).rawPath()).isEqualTo("/kbs/v0/kek");
    assertThat(kbs.requests.get(3).method()).isEqualTo("POST");
    assertThat(kbs.requests.get(3).rawPath()).isEqualTo("/kbs/v0/kek/rewrap");
    assertThat(kbs.requests.get(3).rawQuery()).isEqualTo("batch_size=50");
    for (FakeKbs.Request r : kbs.requests) {
      assertAdminToken(r);
    }
  }

  @Test
  void rewrapKekRefusesABatchSizeOutOfRange() {
    Run r = admin("rewrap-kek", "--batch-size", "0");
    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains("--batch-size");
    assertThat(kbs.requests).isEmpty();
  }
}
