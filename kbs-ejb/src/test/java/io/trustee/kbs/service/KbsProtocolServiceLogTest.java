package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.metrics.BuildInfo;
import io.trustee.kbs.metrics.KbsMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code attestation failed} lines of the RCAR façade, captured from java.util.logging: a value
 * sent by the guest cannot add a line, and a session id (cookie value) is logged only as its hash.
 * Only refusals that happen before any injected collaborator is used are exercised here; the full
 * flow is checked against the server log by {@code LogSafetyIT}.
 */
class KbsProtocolServiceLogTest {
  final Logger logger = Logger.getLogger(KbsProtocolService.class.getName());
  final List<String> lines = new CopyOnWriteArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          lines.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    logger.addHandler(capture);
  }

  @AfterEach
  void release() {
    logger.removeHandler(capture);
  }

  static KbsProtocolService withMetrics() {
    KbsProtocolService service = new KbsProtocolService();
    service.metrics = new KbsMetrics(new BuildInfo("test", "test", "test"));
    return service;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTeeNameWithNewlinesIsEscapedInTheFailedLine() {
    String forged = "x\\nattestation failed: auth session#000000000000 tee=sample reason: ok";
    assertThatThrownBy(
            () ->
                new KbsProtocolService()
                    .auth(
                        KbsProtocolService.authRequest(
                            utf8("{\"version\":\"0.4.0\",\"tee\":\"" + forged + "\"}"))))
        .isInstanceOf(KbsException.class);

    assertThat(lines).hasSize(1);
    String line = lines.get(0);
    assertThat(line).startsWith("attestation failed: auth session#- tee=- reason: ");
    assertThat(line).doesNotContain("\n", "\r");
    assertThat(line).contains("x\\nattestation failed: auth");
  }

  @Test
  void theClientStillGetsTheUnescapedDetail() {
    assertThatThrownBy(
            () ->
                new KbsProtocolService()
                    .auth(
                        KbsProtocolService.authRequest(
                            utf8("{\"version\":\"0.4.0\",\"tee\":\"a\\nb\"}"))))
        .isInstanceOfSatisfying(
            KbsException.class, e -> assertThat(e.detail()).contains("unknown TEE a\nb"));
  }

  @Test
  void anAttestWithABrokenBodyLogsTheSessionByHashOnly() {
    String sessionId = "0123456789abcdef0123456789abcdef";
    assertThatThrownBy(() -> withMetrics().attest(Optional.of(sessionId), utf8("{not json")))
        .isInstanceOf(KbsException.class);

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("attestation failed: attest session#")
        .contains(io.trustee.kbs.util.LogSafe.sessionRef(sessionId))
        .doesNotContain(sessionId);
  }
}
