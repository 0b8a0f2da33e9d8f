package io.trustee.kbs.web.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.protocol.Challenge;
import io.trustee.kbs.protocol.Nonce;
import io.trustee.kbs.web.dto.ChallengeBody;
import io.trustee.kbs.web.dto.ErrorBody;
import io.trustee.kbs.web.dto.ResourceListing;
import io.trustee.kbs.web.dto.TokenResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes of the JSON entities, fixed by the protocols (member names, order, no whitespace). */
class JacksonJsonTest {
  final JacksonJson json = new JacksonJson();

  String write(Object entity) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    json.writeTo(
        entity,
        entity.getClass(),
        entity.getClass(),
        null,
        MediaType.APPLICATION_JSON_TYPE,
        null,
        out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theErrorBodyIsTypeThenDetail() throws Exception {
    assertThat(
            write(
                new ErrorBody(
                    "https://github.com/confidential-containers/kbs/errors/PolicyDeny",
                    "Access \"denied\"")))
        .isEqualTo(
            "{\"type\":\"https://github.com/confidential-containers/kbs/errors/PolicyDeny\","
                + "\"detail\":\"Access \\\"denied\\\"\"}");
  }

  @Test
  void theChallengeHasNonceAndEmptyExtraParams() throws Exception {
    Challenge c = new Challenge(new Nonce("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
    assertThat(write(ChallengeBody.of(c)))
        .isEqualTo(
            "{\"nonce\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\",\"extra-params\":\"\"}");
  }

  @Test
  void recordsListsAndMapsAreCompactJson() throws Exception {
    assertThat(write(new TokenResponse("a.b.c"))).isEqualTo("{\"token\":\"a.b.c\"}");
    assertThat(write(new ResourceListing("r/t/x", "2026-01-01T00:00:00Z")))
        .isEqualTo("{\"path\":\"r/t/x\",\"updated\":\"2026-01-01T00:00:00Z\"}");
    assertThat(write(List.of("a", "b\"c", "é"))).isEqualTo("[\"a\",\"b\\\"c\",\"é\"]");
    assertThat(write(List.of(Map.of("policy-id", "default"))))
        .isEqualTo("[{\"policy-id\":\"default\"}]");
  }

  @Test
  void textBytesAndStreamsAreLeftToTheRuntime() {
    MediaType j = MediaType.APPLICATION_JSON_TYPE;
    assertThat(json.isWriteable(String.class, String.class, null, j)).isFalse();
    assertThat(json.isWriteable(byte[].class, byte[].class, null, j)).isFalse();
    assertThat(json.isWriteable(InputStream.class, InputStream.class, null, j)).isFalse();
    assertThat(json.isWriteable(ErrorBody.class, ErrorBody.class, null, j)).isTrue();
    assertThat(json.isWriteable(ErrorBody.class, ErrorBody.class, null, MediaType.TEXT_PLAIN_TYPE))
        .isFalse();
    assertThat(json.getContext(Object.class)).isSameAs(io.trustee.kbs.json.Json.mapper());
  }
}
