package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Mounted files own what they import, across restarts (issue #16 §2 and the restart test of §4):
 * the server runs with a reference-value file, a LocalFs secret directory and a resource policy
 * file; a value and a secret file are removed while the server is stopped, and after the start both
 * are gone (not returned, not released, revocation in the history, shown by the CLI's {@code
 * rv-history} too). API changes to file-owned entries are refused with 409 naming the file, the
 * policy file is re-imported when it changes, and once the files are no longer configured what they
 * owned is removed. Restarts the test server with a configuration override and leaves it with its
 * normal configuration.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MountedFilesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The IT database outlives a build: names and paths are unique per run. */
  private static final String RUN = Long.toString(System.nanoTime(), 36);

  private static final String KEEP = "it_mounted_keep_" + RUN;
  private static final String GONE = "it_mounted_gone_" + RUN;
  private static final String KEEP_SECRET = "mounted" + RUN + "/key/keep";
  private static final String GONE_SECRET = "mounted" + RUN + "/key/gone";
  private static Path root;
  private static Path rvFile;
  private static Path resDir;
  private static Path policyFile;

  static String rv(String... names) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < names.length; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(names[i])
          .append("\",\"expiration\":\"2030-01-01T00:00:00Z\",\"value\":[\"")
          .append(names[i])
          .append("-v\"]}");
    }
    return sb.append(']').toString();
  }

  @BeforeAll
  static void mountFilesAndRestart() throws Exception {
    root =
        KbsHttp.dataDir()
            .toAbsolutePath()
            .normalize()
            .getParent()
            .resolve("it-mounted-" + System.nanoTime());
    rvFile = root.resolve("reference-values.json");
    resDir = root.resolve("resources");
    policyFile = root.resolve("resource-policy.rego");
    Files.createDirectories(resDir.resolve(KEEP_SECRET).getParent());
    Files.writeString(rvFile, rv(KEEP, GONE));
    Files.writeString(resDir.resolve(KEEP_SECRET), "kept-secret");
    Files.writeString(resDir.resolve(GONE_SECRET), "gone-secret");
    Files.writeString(policyFile, Admin.ALLOW_ALL);
    ItServer.awaitFirstStart();
    // An API policy that the file must override at start.
    assertThat(Admin.setResourcePolicy(Admin.DENY_ALL).status()).isEqualTo(200);
    ItServer.override(
        Map.of(
            "kbs.rvps.file", rvFile.toString(),
            "kbs.resource.legacy-dir", resDir.toString(),
            "kbs.resource.policy-file", policyFile.toString()));
    ItServer.restart();
  }

  private static boolean overridden = true;

  /** The last test already restarts without the files; otherwise (a failure before it) do it. */
  @AfterAll
  static void restoreConfiguration() throws Exception {
    if (overridden) {
      ItServer.override(null);
      ItServer.restart();
    }
  }

  private static KbsHttp.Reply admin(String method, String path) throws Exception {
    return new KbsHttp().send(method, path, null, Admin.auth());
  }

  @Test
  @Order(1)
  void filesAreImportedAndTheirEntriesRefuseApiChanges() throws Exception {
    assertThat(admin("GET", "/kbs/v0/reference-value/" + GONE).body()).contains(GONE + "-v");
    // the policy file (allow all) replaced the API's deny-all at start
    assertThat(SampleGuest.releasedSecret(GONE_SECRET)).isEqualTo("gone-secret");

    KbsHttp.Reply rv = admin("DELETE", "/kbs/v0/reference-value/" + KEEP);
    assertThat(rv.status()).as(rv.body()).isEqualTo(409);
    assertThat(rv.json().get("type").asText()).endsWith("/RvpsError");
    assertThat(rv.json().get("detail").asText()).contains(rvFile.toString());

    KbsHttp.Reply res = Admin.putSecret(KEEP_SECRET, "overwritten");
    assertThat(res.status()).as(res.body()).isEqualTo(409);
    assertThat(res.json().get("detail").asText()).contains(resDir.toString());
    assertThat(admin("DELETE", "/kbs/v0/resource/" + KEEP_SECRET).status()).isEqualTo(409);

    KbsHttp.Reply policy = Admin.setResourcePolicy(Admin.DENY_ALL);
    assertThat(policy.status()).as(policy.body()).isEqualTo(409);
    assertThat(policy.json().get("type").asText()).endsWith("/PolicyEngineError");
    assertThat(policy.json().get("detail").asText()).contains(policyFile.toString());
    assertThat(SampleGuest.releasedSecret(KEEP_SECRET)).isEqualTo("kept-secret");
  }

  @Test
  @Order(2)
  void removalsWhileStoppedAreRevokedAtStart() throws Exception {
    ItServer.stop();
    Files.writeString(rvFile, rv(KEEP));
    Files.delete(resDir.resolve(GONE_SECRET));
    ItServer.start();

    KbsHttp.Reply gone = admin("GET", "/kbs/v0/reference-value/" + GONE);
    assertThat(gone.status()).as(gone.body()).isEqualTo(401);
    assertThat(gone.json().get("type").asText()).endsWith("/RvpsError");
    assertThat(admin("GET", "/kbs/v0/reference-value").body()).contains(KEEP).doesNotContain(GONE);

    KbsHttp.Reply refused = SampleGuest.fetchAttested(GONE_SECRET);
    assertThat(refused.status()).as(refused.body()).isEqualTo(401);
    assertThat(refused.json().get("detail").asText()).contains("resource not found");
    assertThat(SampleGuest.releasedSecret(KEEP_SECRET)).isEqualTo("kept-secret");

    JsonNode history = admin("GET", "/kbs/v0/reference-value/" + GONE + "/history").json();
    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("event").asText()).isEqualTo("revoked");
    assertThat(history.get(0).get("source").asText()).isEqualTo("file:" + rvFile);
    assertThat(history.get(0).get("expiration").asText()).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(history.get(0).get("version").asText()).isEqualTo("0.1.0");
    assertThat(history.get(1).get("event").asText()).isEqualTo("stored");
    assertThat(Instant.parse(history.get(0).get("recorded_at").asText()))
        .isAfterOrEqualTo(Instant.parse(history.get(1).get("recorded_at").asText()));
  }

  @Test
  @Order(3)
  void historyEndpointAndCli() throws Exception {
    KbsHttp.Reply unknown = admin("GET", "/kbs/v0/reference-value/it_never_stored/history");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("type").asText()).endsWith("/RvpsError");
    assertThat(unknown.json().get("detail").asText()).contains("it_never_stored");
    assertThat(new KbsHttp().get("/kbs/v0/reference-value/" + GONE + "/history").status())
        .isEqualTo(401);

    ItCli.Run ok = ItCli.admin("rv-history", GONE);
    assertThat(ok.status()).as(ok.err()).isZero();
    JsonNode out = JSON.readTree(ok.out());
    assertThat(out.get(0).get("event").asText()).isEqualTo("revoked");
    assertThat(out.get(0).get("source").asText()).isEqualTo("file:" + rvFile);

    ItCli.Run missing = ItCli.admin("rv-history", "it_never_stored");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("404").contains("RvpsError");
  }

  @Test
  @Order(4)
  void policyFileChangeIsImportedWhileRunning() throws Exception {
    Files.writeString(policyFile, Admin.DENY_ALL);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
    int status = 200;
    while (status == 200 && Instant.now().isBefore(deadline)) {
      Thread.sleep(2000);
      status = SampleGuest.fetchAttested(KEEP_SECRET).status();
    }
    assertThat(status).isEqualTo(401);
    String policy = admin("GET", "/kbs/v0/resource-policy?view=text").body();
    assertThat(policy).contains("default allow := false");
  }

  @Test
  @Order(5)
  void unconfiguredFilesNoLongerOwnAnything() throws Exception {
    ItServer.override(null);
    overridden = false;
    ItServer.restart();
    assertThat(admin("GET", "/kbs/v0/reference-value/" + KEEP).status()).isEqualTo(401);
    assertThat(
            admin("GET", "/kbs/v0/reference-value/" + KEEP + "/history")
                .json()
                .get(0)
                .get("event")
                .asText())
        .isEqualTo("revoked");
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
    assertThat(SampleGuest.fetchAttested(KEEP_SECRET).json().get("detail").asText())
        .contains("resource not found");
  }
}
