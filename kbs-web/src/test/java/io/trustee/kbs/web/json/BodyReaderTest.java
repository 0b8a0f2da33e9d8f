package io.trustee.kbs.web.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.as.AttestationRequest;
import io.trustee.kbs.metrics.BuildInfo;
import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.protocol.AuthRequest;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.service.KbsException.Refusal;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The protocol request readers keep the error type and status class of the façades' parsing. */
class BodyReaderTest {

  static <T> T read(BodyReader<T> reader, Class<T> type, String body) throws Exception {
    assertThat(reader.isReadable(type, type, null, MediaType.WILDCARD_TYPE)).isTrue();
    return reader.readFrom(
        type,
        type,
        null,
        MediaType.WILDCARD_TYPE,
        null,
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anAuthRequestIsParsed() throws Exception {
    AuthRequest r =
        read(
            new AuthRequestReader(),
            AuthRequest.class,
            "{\"version\":\"0.4.0\",\"tee\":\"sample\",\"extra-params\":\"\"}");
    assertThat(r.tee().value()).isEqualTo("sample");
    assertThat(r.version().wire()).isEqualTo("0.4.0");
  }

  @Test
  void aMalformedAuthBodyIsTheHandshakes401() throws Exception {
    AuthRequestReader reader = new AuthRequestReader();
    reader.metrics = new KbsMetrics(new BuildInfo("test", "test", "test"));
    for (String body : new String[] {"", "{not json", "[]", "{\"version\":\"0.4.0\"}"}) {
      assertThatThrownBy(() -> read(reader, AuthRequest.class, body))
          .as(body)
          .isInstanceOfSatisfying(
              KbsException.class,
              e -> {
                assertThat(e.error()).isEqualTo(KbsError.AttestationError);
                assertThat(e.refusal()).isEmpty();
              });
    }
    // the façade never sees these: the reader counts them as /auth requests and errors
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    reader.metrics.writeText(text);
    assertThat(text.toString(StandardCharsets.UTF_8))
        .contains("\nkbs_auth_requests_total 4.0\n", "\nkbs_auth_errors_total 4.0\n");
  }

  @Test
  void aMalformedAttestationApiBodyIsA400() {
    for (String body : new String[] {"", "{not json", "{}"}) {
      assertThatThrownBy(() -> read(new AttestationRequestReader(), AttestationRequest.class, body))
          .as(body)
          .isInstanceOfSatisfying(
              KbsException.class,
              e -> {
                assertThat(e.error()).isEqualTo(KbsError.AttestationError);
                assertThat(e.refusal()).contains(Refusal.INVALID_INPUT);
              });
    }
  }

  @Test
  void aReaderReadsOnlyItsType() {
    assertThat(
            new AuthRequestReader()
                .isReadable(
                    AttestationRequest.class,
                    AttestationRequest.class,
                    null,
                    MediaType.WILDCARD_TYPE))
        .isFalse();
  }
}
