package io.trustee.kbs.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.client.ClientEventLogToRvTest.Run;
import io.trustee.kbs.crypto.Pem;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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

/**
 * Issue #15 part 4: KBS_URL / KBS_ADMIN_KEY / KBS_CACERT, admin-token, completion, --output table
 * and progress lines.
 */
class ClientComfortTest {
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

  static Run run(CliEnvironment env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    var cl = KbsClient.commandLine(ClientEventLogToRvTest.CLOCK, out, env);
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    cl.getOut().flush();
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  private static CliEnvironment env(Map<String, String> vars) {
    return new CliEnvironment(vars, false);
  }

  @Test
  void urlAndAdminKeyComeFromTheEnvironmentWhenTheFlagsAreAbsent() throws Exception {
    reply = FakeKbs.Reply.json(200, "[]");
    Run r =
        run(
            env(Map.of("KBS_URL", kbs.url(), "KBS_ADMIN_KEY", adminKey.toString())),
            "list-resources");
    assertThat(r.status()).as(r.err()).isZero();
    FakeKbs.Request req = kbs.only();
    assertThat(req.rawPath()).isEqualTo("/kbs/v0/resource");
    ClientAdminTokenTest.verify(req.header("Authorization").substring(7), adminKeys.getPublic());
  }

  @Test
  void flagsWinOverTheEnvironment() {
    reply = FakeKbs.Reply.json(200, "[]");
    Run r =
        run(
            env(Map.of("KBS_URL", "http://127.0.0.1:1", "KBS_ADMIN_KEY", "/nonexistent.pem")),
            "list-resources",
            "--url",
            kbs.url(),
            "--admin-key",
            adminKey.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(kbs.requests).hasSize(1);
  }

  @Test
  void aMissingUrlNamesTheFlagAndTheVariable() {
    Run r = run(CliEnvironment.empty(), "list-resources");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: no KBS URL: give --url URL or set KBS_URL");
    Run blank = run(env(Map.of("KBS_URL", "  ")), "token-keys");
    assertThat(blank.err()).contains("KBS_URL");
  }

  @Test
  void kbsCacertIsUsedAndAnInsecureTlsFlagWinsOverIt() throws Exception {
    Path ca = dir.resolve("ca.pem");
    try (FakeKbs tls =
        new FakeKbs(r -> FakeKbs.Reply.json(200, "[]"), ClientTlsTest.serverContext(ca))) {
      Run trusted =
          run(env(Map.of("KBS_URL", tls.url(), "KBS_CACERT", ca.toString())), "list-resources");
      assertThat(trusted.status()).as(trusted.err()).isZero();
      Path junk = dir.resolve("junk.pem");
      Files.writeString(junk, "not a certificate");
      Run bad =
          run(env(Map.of("KBS_URL", tls.url(), "KBS_CACERT", junk.toString())), "list-resources");
      assertThat(bad.status()).isEqualTo(1);
      assertThat(bad.err()).contains("--cacert " + junk);
      Run insecure =
          run(
              env(Map.of("KBS_URL", tls.url(), "KBS_CACERT", junk.toString())),
              "list-resources",
              "--insecure-tls");
      assertThat(insecure.status()).as(insecure.err()).isZero();
    }
  }

  @Test
  void adminTokenPrintsATokenOfTheAskedLifetime() throws Exception {
    Run r =
        run(
            CliEnvironment.empty(),
            "admin-token",
            "--admin-key",
            adminKey.toString(),
            "--ttl",
            "1h");
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode claims = ClientAdminTokenTest.verify(r.out().strip(), adminKeys.getPublic());
    long iat = ClientEventLogToRvTest.CLOCK.instant().getEpochSecond();
    assertThat(claims.get("iat").asLong()).isEqualTo(iat);
    assertThat(claims.get("exp").asLong()).isEqualTo(iat + 3600);
    assertThat(r.err()).contains("valid until 2026-11-29T13:00:00Z");

    Run fromEnv =
        run(
            env(Map.of("KBS_ADMIN_KEY", adminKey.toString())),
            "admin-token",
            "--admin-role",
            "ops");
    assertThat(fromEnv.status()).as(fromEnv.err()).isZero();
    JsonNode c2 = ClientAdminTokenTest.verify(fromEnv.out().strip(), adminKeys.getPublic());
    assertThat(c2.get("role").asText()).isEqualTo("ops");
    assertThat(c2.get("exp").asLong() - c2.get("iat").asLong()).isEqualTo(3600);
  }

  @Test
  void adminTokenRefusesLifetimesTheServerWouldRefuse() {
    Run tooLong =
        run(
            CliEnvironment.empty(),
            "admin-token",
            "--admin-key",
            adminKey.toString(),
            "--ttl",
            "25h");
    assertThat(tooLong.status()).isEqualTo(1);
    assertThat(tooLong.err())
        .contains("--ttl: at most 24h")
        .contains("kbs.admin.max-token-lifetime");
    assertThat(tooLong.out()).isEmpty();
    Run zero =
        run(
            CliEnvironment.empty(),
            "admin-token",
            "--admin-key",
            adminKey.toString(),
            "--ttl",
            "0s");
    assertThat(zero.err()).contains("--ttl: at least 1s");
    Run noKey = run(CliEnvironment.empty(), "admin-token");
    assertThat(noKey.status()).isEqualTo(1);
    assertThat(noKey.err()).contains("--admin-key").contains("KBS_ADMIN_KEY");
    assertThat(
            run(
                    CliEnvironment.empty(),
                    "admin-token",
                    "--admin-key",
                    adminKey.toString(),
                    "--ttl",
                    "24h")
                .status())
        .isZero();
  }

  @Test
  void completionIsABashScriptNamingTheSubcommands() {
    Run r = run(CliEnvironment.empty(), "completion");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F")
        .contains("kbs-client")
        .contains("list-resources", "get-resource", "doctor", "admin-token", "audit", "seed")
        .contains("--output", "--url");
  }

  @Test
  void outputTableAlignsColumnsUnderAHeader() {
    reply =
        FakeKbs.Reply.json(
            200,
            "[{\"path\":\"default/app/key1\",\"updated\":\"2026-11-29T10:00:00Z\"},"
                + "{\"path\":\"r/t/x\",\"updated\":\"2026-11-29T11:00:00Z\"}]");
    Run r = run(env(Map.of("KBS_URL", kbs.url())), "list-resources", "--output", "table");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "PATH              UPDATED\n"
                + "default/app/key1  2026-11-29T10:00:00Z\n"
                + "r/t/x             2026-11-29T11:00:00Z\n");
    Run json = run(env(Map.of("KBS_URL", kbs.url())), "list-resources");
    assertThat(json.out().strip()).startsWith("[{\"path\"");
    Run bad = run(env(Map.of("KBS_URL", kbs.url())), "list-resources", "--output", "yaml");
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err()).contains("--output: expected json or table");
  }

  @Test
  void outputTableOfTokenKeysRvsAndAudit() {
    reply =
        FakeKbs.Reply.json(
            200,
            "{\"active\":\"k2\",\"keys\":[{\"kid\":\"k2\",\"alg\":\"ES256\",\"state\":\"active\","
                + "\"source\":\"generated\",\"created_at\":\"t\"}]}");
    Run keys = run(env(Map.of("KBS_URL", kbs.url())), "token-keys", "--output", "table");
    assertThat(keys.out()).startsWith("KID  ALG    STATE   SOURCE").contains("k2   ES256  active");
    assertThat(keys.out().lines().findFirst().orElseThrow()).endsWith("RETIRED_AT");
    assertThat(keys.out().lines().skip(1).findFirst().orElseThrow()).endsWith("-");

    reply =
        FakeKbs.Reply.json(
            200,
            "[{\"name\":\"snp_pcr03\",\"expiration\":\"2027-01-01T00:00:00Z\",\"expired\":false,"
                + "\"value\":[\"aa\",\"bb\"]}]");
    Run rvs = run(env(Map.of("KBS_URL", kbs.url())), "list-rv", "--output", "table");
    assertThat(rvs.status()).as(rvs.err()).isZero();
    assertThat(kbs.requests.get(1).rawPath()).isEqualTo("/kbs/v0/reference-value");
    assertThat(rvs.out()).contains("snp_pcr03  2027-01-01T00:00:00Z  false    [\"aa\",\"bb\"]");

    reply = FakeKbs.Reply.json(200, "[\"aa\",\"bb\"]");
    Run one = run(env(Map.of("KBS_URL", kbs.url())), "get-rv", "snp_pcr03", "--output", "table");
    assertThat(one.out()).isEqualTo("VALUE\naa\nbb\n");

    reply =
        FakeKbs.Reply.json(
            200,
            "[{\"seq\":7,\"time\":\"t\",\"actor\":{\"kind\":\"admin\",\"id\":\"ed25519:ab\"},"
                + "\"action\":\"secret.set\",\"target\":\"a/b/c\",\"outcome\":\"success\","
                + "\"status\":200,\"request_id\":\"r1\"}]");
    Run audit = run(env(Map.of("KBS_URL", kbs.url())), "audit", "list", "--output", "table");
    assertThat(audit.status()).as(audit.err()).isZero();
    assertThat(audit.out())
        .startsWith("SEQ  TIME  ACTOR")
        .contains("7    t     ed25519:ab  secret.set  a/b/c   success  200     r1");
  }

  @Test
  void appraisalsFailedWithOutputJsonKeepsOnlyTheFailedRecords() throws Exception {
    reply =
        FakeKbs.Reply.json(
            200,
            "[{\"id\":1,\"status\":\"affirming\",\"record\":{}},"
                + "{\"id\":2,\"status\":\"contraindicated\",\"record\":{}}]");
    Run r = run(env(Map.of("KBS_URL", kbs.url())), "appraisals", "--failed", "--output", "json");
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode list = JSON.readTree(r.out());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asInt()).isEqualTo(2);
    Run table = run(env(Map.of("KBS_URL", kbs.url())), "appraisals", "--output", "table");
    assertThat(table.out()).startsWith("ID  TIME  GUEST  TEE  STATUS").contains("contraindicated");
  }

  private Path rvMessage(String name, String payload) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(
        f,
        "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\""
            + Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "\"}");
    return f;
  }

  @Test
  void registerRvSendsEveryFileWithProgressOnlyWhenAsked() throws Exception {
    Path a = rvMessage("a.json", "{\"x\":[\"1\"]}");
    Path b = rvMessage("b.json", "{\"y\":[\"2\"]}");
    CliEnvironment quiet = env(Map.of("KBS_URL", kbs.url()));
    Run r = run(quiet, "register-rv", "--file", a.toString(), "--file", b.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(kbs.requests).hasSize(2);
    assertThat(kbs.requests.get(1).bodyText()).isEqualTo(Files.readString(b));
    assertThat(r.err()).doesNotContain("1/2").contains("registered reference values from 2 files");

    Run asked =
        run(quiet, "register-rv", "--file", a.toString(), "--file", b.toString(), "--progress");
    assertThat(asked.err()).contains("register-rv: 1/2 files", "register-rv: 2/2 files");
    Run terminal =
        run(
            new CliEnvironment(Map.of("KBS_URL", kbs.url()), true),
            "register-rv",
            "--file",
            a.toString(),
            "--file",
            b.toString());
    assertThat(terminal.err()).contains("register-rv: 2/2 files");
  }

  @Test
  void registerRvChecksEveryFileBeforeSendingAny() throws Exception {
    Path a = rvMessage("a.json", "{\"x\":[\"1\"]}");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"version\":\"0.1.0\"}");
    Run r =
        run(
            env(Map.of("KBS_URL", kbs.url())),
            "register-rv",
            "--file",
            a.toString(),
            "--file",
            bad.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("--file " + bad + ": expected an RVPS message");
    assertThat(kbs.requests).isEmpty();
  }

  @Test
  void registerRvNamesTheFileThatFailed() throws Exception {
    Path a = rvMessage("a.json", "{\"x\":[\"1\"]}");
    Path b = rvMessage("b.json", "{\"y\":[\"2\"]}");
    reply = FakeKbs.Reply.json(400, "{\"type\":\"x/RvpsError\",\"detail\":\"no\"}");
    Run r =
        run(
            env(Map.of("KBS_URL", kbs.url())),
            "register-rv",
            "--file",
            a.toString(),
            "--file",
            b.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("--file " + a + " (0 of 2 registered)");
  }

  @Test
  void eventlogToRvOverManyLogsUnitesTheValuesAndShowsProgress() throws Exception {
    Path one =
        ClientEventLogToRvTest.eventlogs().resolve("go-tpm-tools_ubuntu-2404-amd-sevsnp.bin");
    Path two =
        ClientEventLogToRvTest.eventlogs().resolve("go-tpm-tools_arch-linux-workstation.bin");
    Run r =
        run(
            CliEnvironment.empty(),
            "eventlog-to-rv",
            one.toString(),
            two.toString(),
            "--pcr",
            "0,4",
            "--progress");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("eventlog-to-rv: 1/2 files", "eventlog-to-rv: 2/2 files")
        .contains("2 event logs: sha256 PCRs [0, 4]");
    JsonNode payload =
        JSON.readTree(Base64.getDecoder().decode(JSON.readTree(r.out()).get("payload").asText()));
    Run first = run(CliEnvironment.empty(), "eventlog-to-rv", one.toString(), "--pcr", "0,4");
    Run second = run(CliEnvironment.empty(), "eventlog-to-rv", two.toString(), "--pcr", "0,4");
    JsonNode p1 =
        JSON.readTree(
            Base64.getDecoder().decode(JSON.readTree(first.out()).get("payload").asText()));
    JsonNode p2 =
        JSON.readTree(
            Base64.getDecoder().decode(JSON.readTree(second.out()).get("payload").asText()));
    for (String name : new String[] {"snp_pcr00", "snp_pcr04"}) {
      assertThat(payload.get(name)).hasSize(2);
      assertThat(payload.get(name).get(0)).isEqualTo(p1.get(name).get(0));
      assertThat(payload.get(name).get(1)).isEqualTo(p2.get(name).get(0));
    }
    Run quiet = run(CliEnvironment.empty(), "eventlog-to-rv", one.toString(), two.toString());
    assertThat(quiet.err()).doesNotContain("1/2 files");
    Run runbook =
        run(
            CliEnvironment.empty(),
            "eventlog-to-rv",
            one.toString(),
            two.toString(),
            "--format",
            "runbook");
    assertThat(runbook.status()).isEqualTo(1);
    assertThat(runbook.err()).contains("--format runbook: the event logs differ in PCR");
  }
}
