package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Smoke run of {@code kbs-client load} against the real server (a few seconds, no assertion on
 * speed): {@code --setup} prepares a fresh server, the sample-TEE handshake run and a fetch run end
 * without errors, and {@code load seed} stores secrets and reference values through the admin API
 * and appraisal rows by JDBC (PostgreSQL while the server runs; embedded Derby with the server
 * stopped, as the README's procedure says). The server is restarted with the per-client session cap
 * and the rate limit out of the way, as for any load test from one address, and restored
 * afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadToolIT {
  private static final String RESOURCE = "default/load/it-load";

  @BeforeAll
  static void liftPerClientLimits() throws Exception {
    ItServer.awaitFirstStart();
    ItServer.override(Map.of("kbs.session.max-per-client", "100000", "kbs.ratelimit.rate", "0"));
    ItServer.restart();
    // The first handshakes after a start are slow (application start-up, JIT); one before the
    // measured runs keeps the 1-second warm-up of the smoke run meaningful on a busy machine.
    SampleGuest.ec().attest();
  }

  @AfterAll
  static void restoreConfiguration() throws Exception {
    ItServer.override(null);
    ItServer.restart();
  }

  @Test
  @Order(1)
  void handshakeRunWithSetupHasNoErrors() throws Exception {
    ItCli.Run r =
        ItCli.admin(
            "load",
            "--setup",
            "--tee",
            "sample",
            "--resource",
            RESOURCE,
            "--duration",
            "3s",
            "--warmup",
            "1s",
            "--concurrency",
            "4",
            "--fetches",
            "1",
            "--server-pid",
            Long.toString(ItServer.pid(ItServer.name())));
    System.out.println("LoadToolIT handshake run:\n" + r.out());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err()).contains("setup: stored", "measure ops");
    Matcher m = Pattern.compile("(?m)^handshake\\s+(\\d+)\\s").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    assertThat(Long.parseLong(m.group(1))).isPositive();
    assertThat(r.out()).containsPattern("(?m)^errors\\s+0$");
    assertThat(r.out()).containsPattern("(?m)^server CPU ms/handshake\\s+[0-9.]+$");
    assertThat(r.out()).containsPattern("(?m)^server peak RSS MB\\s+[0-9.]+$");
  }

  @Test
  @Order(2)
  void fetchRunOnKeptAliveConnectionsHasNoErrors() throws Exception {
    ItCli.Run r =
        ItCli.guest(
            "load",
            "--op",
            "fetch",
            "--resource",
            RESOURCE,
            "--duration",
            "2s",
            "--warmup",
            "0s",
            "--concurrency",
            "2",
            "--json");
    assertThat(r.status()).as(r.err() + r.out()).isZero();
    JsonNode j = KbsHttp.JSON.readTree(r.out());
    System.out.println("LoadToolIT fetch run: " + j);
    assertThat(j.get("ops").asLong()).isPositive();
    assertThat(j.at("/errors/total").asLong()).isZero();
  }

  @Test
  @Order(3)
  void seedStoresSecretsReferenceValuesAndAppraisals() throws Exception {
    ItCli.Run api =
        ItCli.admin(
            "load", "seed", "--secrets", "20", "--reference-values", "10", "--rv-batch", "4");
    assertThat(api.status()).as(api.err()).isZero();
    assertThat(api.err()).contains("secrets: 20 / 20", "reference values (4 per message): 3 / 3");
    String list = new KbsHttp().get("/kbs/v0/resource", Admin.auth()).body();
    assertThat(list).contains("seed/secret/0", "seed/secret/19");
    for (String rv : new String[] {"seed_rv_0", "seed_rv_9"}) {
      KbsHttp.Reply r = new KbsHttp().get("/kbs/v0/reference-value/" + rv, Admin.auth());
      assertThat(r.status()).as(rv + ": " + r.body()).isEqualTo(200);
    }

    boolean postgres = System.getProperty("kbs.it.db-kind", "derby").equals("postgres");
    if (postgres) {
      long before = appraisalRows();
      ItCli.Run db =
          ItCli.guest(
              "load",
              "seed",
              "--appraisals",
              "100",
              "--batch",
              "30",
              "--jdbc-url",
              "jdbc:postgresql://127.0.0.1:5432/" + System.getProperty("kbs.it.pg-db", "kbs_it"),
              "--jdbc-user",
              "postgres");
      assertThat(db.status()).as(db.err()).isZero();
      assertThat(appraisalRows()).isEqualTo(before + 100);
    } else if (System.getProperty("kbs.it.db-kind", "derby").equals("derby")) {
      // embedded Derby: the server must be stopped while the tool writes the database
      ItServer.stop();
      try {
        long before = appraisalRows();
        ItCli.Run db =
            ItCli.guest(
                "load",
                "seed",
                "--appraisals",
                "100",
                "--batch",
                "30",
                "--jdbc-url",
                "jdbc:derby:" + KbsHttp.dataDir().toAbsolutePath().resolve("db/kbs"));
        assertThat(db.status()).as(db.err()).isZero();
        assertThat(appraisalRows()).isEqualTo(before + 100);
      } finally {
        ItServer.start();
      }
    }
    // the server still attests and appraises after the seeding (ids do not collide)
    ItCli.Run after =
        ItCli.guest(
            "load",
            "--resource",
            RESOURCE,
            "--duration",
            "1s",
            "--warmup",
            "0s",
            "--concurrency",
            "2",
            "--json");
    assertThat(after.status()).as(after.err() + after.out()).isZero();
  }

  private static long appraisalRows() throws Exception {
    try (Connection c = ItDatabase.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM KBS_APPRAISAL")) {
      rs.next();
      return rs.getLong(1);
    } finally {
      ItDatabase.release();
    }
  }
}
