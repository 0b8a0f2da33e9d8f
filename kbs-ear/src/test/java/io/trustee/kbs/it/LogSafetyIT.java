package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The server log ({@code messages.log} of the test server) as an operator greps it: a guest cannot
 * forge an {@code attestation failed} / {@code attestation request} line with CR/LF in a value it
 * sends, and a session id (a bearer secret, the cookie value) never appears, only its short hash
 * {@code session#<12 hex>}.
 */
class LogSafetyIT {

  static Path messagesLog() {
    return ItServer.serverDir().resolve("logs/messages.log");
  }

  /** The log lines that contain {@code marker}, waiting up to 10 s for at least one. */
  static List<String> linesWith(String marker) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      List<String> lines =
          Files.readAllLines(messagesLog(), StandardCharsets.UTF_8).stream()
              .filter(l -> l.contains(marker))
              .toList();
      if (!lines.isEmpty() || Instant.now().isAfter(deadline)) {
        return lines;
      }
      Thread.sleep(250);
    }
  }

  static String sessionRef(String id) throws Exception {
    byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
    return "session#" + HexFormat.of().formatHex(h).substring(0, 12);
  }

  @Test
  void aTeeNameWithANewlineCannotForgeAnAttestationLine() throws Exception {
    String marker = "F" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    for (String nl : List.of("\n", "\r", "\r\n", "\u2028", "\u0085")) {
      ObjectNode req = KbsHttp.JSON.createObjectNode();
      req.put("version", "0.4.0");
      req.put("tee", "x" + nl + "attestation failed: " + marker);
      req.put("extra-params", "");
      KbsHttp.Reply r = new KbsHttp().postJson("/kbs/v0/auth", req);
      assertThat(r.status()).isEqualTo(401);
    }

    List<String> lines = linesWith(marker);
    // the refusals were logged (five of them), each on its own line with the newline escaped
    assertThat(lines).hasSize(5);
    for (String line : lines) {
      assertThat(line).contains("attestation failed: auth");
      assertThat(line)
          .containsPattern(
              "x(\\\\n|\\\\r|\\\\r\\\\n|\\\\u2028|\\\\u0085)attestation failed: " + marker);
    }
  }

  @Test
  void aProtocolVersionWithANewlineCannotForgeALine() throws Exception {
    String marker = "V" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    ObjectNode req = KbsHttp.JSON.createObjectNode();
    req.put("version", "0.4.0\nattestation request: auth " + marker);
    req.put("tee", "sample");
    req.put("extra-params", "");
    KbsHttp.Reply r = new KbsHttp().postJson("/kbs/v0/auth", req);
    assertThat(r.status()).isEqualTo(401);

    List<String> lines = linesWith(marker);
    assertThat(lines).hasSize(1);
    for (String line : lines) {
      assertThat(line).contains("attestation failed: auth").contains("\\nattestation request");
    }
  }

  @Test
  void theSessionIdNeverAppearsInTheLogOnlyItsHash() throws Exception {
    assertThat(Admin.putSecret("default/key/it-logs", "log-secret").status()).isEqualTo(200);
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
    SampleGuest guest = SampleGuest.ec();
    String token = guest.attest();
    String session = guest.http.sessionCookie();
    assertThat(session).isNotBlank();
    assertThat(guest.http.get("/kbs/v0/resource/default/key/it-logs").status()).isEqualTo(200);
    assertThat(guest.http.get("/kbs/v0/resource/default/key/it-logs-missing").status())
        .isEqualTo(401);

    String ref = sessionRef(session);
    List<String> mine = linesWith(ref);
    // auth, attest, attest succeeded, resource released (and refused) name the session by its hash
    assertThat(mine).anyMatch(l -> l.contains("attestation request: auth " + ref));
    assertThat(mine).anyMatch(l -> l.contains("attestation request: attest " + ref));
    assertThat(mine).anyMatch(l -> l.contains("released via " + ref));

    String log = Files.readString(messagesLog(), StandardCharsets.UTF_8);
    assertThat(log).doesNotContain(session);
    assertThat(log).doesNotContain(token.split("\\.")[2]);
    Path console = ItServer.serverDir().resolve("logs/console.log");
    if (Files.exists(console)) {
      assertThat(Files.readString(console, StandardCharsets.UTF_8)).doesNotContain(session);
    }
  }
}
