package io.trustee.kbs.client;

import static io.trustee.kbs.client.ClientEventLogToRvTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.client.ClientEventLogToRvTest.Run;
import io.trustee.kbs.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kbs-client audit list|verify|export} against a loopback fake KBS. */
class ClientAuditCommandsTest {
  @TempDir Path dir;
  private FakeKbs kbs;
  private FakeKbs.Reply reply = FakeKbs.Reply.empty();
  private Path adminKey;

  @BeforeEach
  void start() throws Exception {
    kbs = new FakeKbs(r -> reply);
    adminKey = dir.resolve("admin.pem");
    Files.writeString(adminKey, Pem.write(Pem.generateEd25519().getPrivate()));
  }

  @AfterEach
  void stop() {
    kbs.close();
  }

  private Run audit(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "audit";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--url";
    all[args.length + 2] = kbs.url();
    all[args.length + 3] = "--admin-key";
    all[args.length + 4] = adminKey.toString();
    return run(all);
  }

  @Test
  void listSendsTheFiltersAndPrintsTheAnswer() {
    reply = FakeKbs.Reply.json(200, "[{\"seq\":3}]");
    Run r =
        audit(
            "list",
            "--since",
            "2026-12-01T00:00:00Z",
            "--action",
            "secret.set",
            "--actor",
            "ed25519:ab",
            "--limit",
            "5");
    assertThat(r.status()).as(r.err()).isZero();
    FakeKbs.Request req = kbs.only();
    assertThat(req.method()).isEqualTo("GET");
    assertThat(req.rawPath()).isEqualTo("/kbs/v0/audit");
    assertThat(req.rawQuery())
        .isEqualTo("since=2026-12-01T00:00:00Z&actor=ed25519:ab&action=secret.set&limit=5");
    assertThat(req.header("Authorization")).startsWith("Bearer ");
    assertThat(r.out()).contains("[{\"seq\":3}]");
    assertThat(audit("list", "--limit", "0").status()).isEqualTo(1);
  }

  @Test
  void verifyExitsOneNamingTheBrokenLink() {
    reply =
        FakeKbs.Reply.json(
            200,
            "{\"intact\":false,\"checked\":2,\"anchor\":{\"seq\":0},\"head\":{\"seq\":5},"
                + "\"broken\":{\"seq\":3,\"reason\":\"the stored hash does not match\"}}");
    Run r = audit("verify");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("audit chain broken at event 3: the stored hash does not match");
    assertThat(kbs.only().rawPath()).isEqualTo("/kbs/v0/audit/verify");
  }

  @Test
  void verifyOfAnIntactChainExitsZero() {
    reply =
        FakeKbs.Reply.json(
            200,
            "{\"intact\":true,\"checked\":5,\"anchor\":{\"seq\":0,\"hash\":\"00\"},"
                + "\"head\":{\"seq\":5,\"hash\":\"ab\"}}");
    Run r = audit("verify");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err()).contains("audit chain intact: 5 events").contains("head 5 ab");
  }

  @Test
  void exportWritesTheJsonLinesToAFile() throws Exception {
    reply =
        new FakeKbs.Reply(
            200,
            "{\"seq\":1}\n{\"seq\":2}\n".getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/x-ndjson"));
    Path out = dir.resolve("audit.jsonl");
    Run r = audit("export", "--after", "0", "--out", out.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(Files.readString(out)).isEqualTo("{\"seq\":1}\n{\"seq\":2}\n");
    assertThat(kbs.only().rawQuery()).isEqualTo("after=0");
  }
}
