package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
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
      assertThat(indexOf(column, needle))
          .as("plaintext found in KBS_RESOURCE.SEALED")
          .isEqualTo(-1);
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
    try (Connection c = ItDatabase.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SEALED FROM KBS_RESOURCE")) {
      while (rs.next()) {
        out.add(rs.getBytes(1));
      }
    } finally {
      ItDatabase.release();
    }
    return out;
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
