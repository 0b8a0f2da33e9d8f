package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * State survives a restart, the database holds no plaintext secret, and sessions expire. Stops and
 * starts the test server; runs last (failsafe runs test classes in alphabetical order, and the
 * server is left running with its normal configuration).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartIT {
  private static final String SECRET = "restart-secret-" + System.nanoTime();

  @Test
  @Order(1)
  void secretSurvivesRestartAndIsNotStoredInPlaintext() throws Exception {
    assertThat(Admin.putSecret("default/key/it-restart", SECRET).status()).isEqualTo(200);
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);

    ItServer.stop();
    List<byte[]> stored = storedSecretColumns();
    assertThat(stored).isNotEmpty();
    byte[] needle = SECRET.getBytes(StandardCharsets.UTF_8);
    for (byte[] column : stored) {
      assertThat(indexOf(column, needle)).as("plaintext found in KBS_RESOURCE.SEALED").isEqualTo(-1);
    }
    ItServer.start();

    SampleGuest guest = SampleGuest.ec();
    guest.attest();
    KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/default/key/it-restart");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new String(guest.decrypt(r.json()), StandardCharsets.UTF_8)).isEqualTo(SECRET);
  }

  @Test
  @Order(2)
  void expiredSessionIsRefused() throws Exception {
    ItServer.override(Map.of("kbs.session.timeout", "PT3S"));
    try {
      ItServer.restart();
      SampleGuest guest = SampleGuest.ec();
      String nonce = guest.auth().json().get("nonce").asText();
      String session = guest.http.sessionCookie();
      Thread.sleep(4500);
      // A cookie jar drops the expired cookie; a stale client may still send it.
      KbsHttp.Reply r =
          new KbsHttp()
              .postJson(
                  "/kbs/v0/attest",
                  guest.attestationBody(nonce, guest.reportData(nonce)),
                  Map.of("Cookie", "kbs-session-id=" + session));
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().get("detail").asText()).contains("expired");
    } finally {
      ItServer.override(null);
      ItServer.restart();
    }
  }

  private static List<byte[]> storedSecretColumns() throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (Connection c = openDatabase();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SEALED FROM KBS_RESOURCE")) {
      while (rs.next()) {
        out.add(rs.getBytes(1));
      }
    } finally {
      releaseEmbeddedDatabase();
    }
    return out;
  }

  /** An embedded Derby database stays booted (and locked) in this JVM until it is shut down. */
  private static void releaseEmbeddedDatabase() {
    if (!System.getProperty("kbs.it.db-kind", "derby").equals("derby")) {
      return;
    }
    try {
      DriverManager.getConnection(
          "jdbc:derby:" + KbsHttp.dataDir().toAbsolutePath().resolve("db/kbs") + ";shutdown=true");
    } catch (java.sql.SQLException e) {
      // SQL state 08006 is Derby's normal answer to a successful shutdown.
      if (!"08006".equals(e.getSQLState())) {
        throw new IllegalStateException("could not release the embedded database", e);
      }
    }
  }

  private static Connection openDatabase() throws Exception {
    String kind = System.getProperty("kbs.it.db-kind", "derby");
    switch (kind) {
      case "postgres":
        return DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:5432/" + System.getProperty("kbs.it.pg-db", "kbs_it"),
            "postgres",
            "");
      case "h2":
        return DriverManager.getConnection(
            "jdbc:h2:" + KbsHttp.dataDir().toAbsolutePath().resolve("h2/kbs") + ";MODE=LEGACY",
            "sa",
            "");
      default:
        Connection c =
            DriverManager.getConnection(
                "jdbc:derby:" + KbsHttp.dataDir().toAbsolutePath().resolve("db/kbs"));
        return c;
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
