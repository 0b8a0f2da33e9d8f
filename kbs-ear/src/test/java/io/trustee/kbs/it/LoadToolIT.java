package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.client.KbsClient;
import io.trustee.kbs.crypto.Pem;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

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

  @TempDir static Path tmp;

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
    Run r =
        cli(
            true,
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
    Run r =
        cli(
            false,
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
    Run api =
        cli(true, "load", "seed", "--secrets", "20", "--reference-values", "10", "--rv-batch", "4");
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
      Run db =
          cli(
              false,
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
        Run db =
            cli(
                false,
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
    Run after =
        cli(
            false,
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

  record Run(int status, String out, String err) {}

  /** Runs kbs-client in-process against the test server (with the admin key if {@code admin}). */
  private static Run cli(boolean admin, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", KbsHttp.baseUri().toString(), "--cacert", serverPem().toString()));
    if (admin) {
      all.addAll(List.of("--admin-key", AdminTokens.privateKeyFile().toString()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    var cl = KbsClient.commandLine(Clock.systemUTC(), out);
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(all.toArray(String[]::new));
    cl.getOut().flush();
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  private static Path serverPem() throws Exception {
    Path pem = tmp.resolve("server.pem");
    if (!Files.exists(pem)) {
      KeyStore p12 = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(KbsHttp.dataDir().resolve("tls/key.p12"))) {
        p12.load(in, ItServer.keystorePassword().toCharArray());
      }
      StringBuilder sb = new StringBuilder();
      for (String alias : Collections.list(p12.aliases())) {
        if (p12.getCertificate(alias) != null) {
          sb.append(Pem.write(p12.getCertificate(alias)));
        }
      }
      Files.writeString(pem, sb.toString());
    }
    return pem;
  }
}
