package io.trustee.kbs.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trustee.kbs.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class JcsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void upstreamUnitVector() throws Exception {
    String canonical =
        Jcs.canonicalize(JSON.readTree("{\"b\":1,\"a\":\"test\",\"c\":{\"d\":\"e\"}}"));
    assertThat(canonical).isEqualTo("{\"a\":\"test\",\"b\":1,\"c\":{\"d\":\"e\"}}");
    assertThat(
            Bytes.toHex(
                MessageDigest.getInstance("SHA-384")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(
            "e71ce8e70d814ba6639c3612ebee0ff1f76f650f8dbb5e47157e0f3f525cd22c"
                + "4597480a186427c813ca941da78870c3");
  }

  @Test
  void kbsProtocolRuntimeDataVector() throws Exception {
    String json =
        "{\"tee-pubkey\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ECDH-ES+A256KW\","
            + "\"x\":\"csp-iStjBCUEqQ6gcRtpbtJigDytWkoF3w8Smczujvs\","
            + "\"y\":\"RKn__BFbx9TB1kvjuNB3b57dObOGrtr8_HqL1nUOgw0\"},"
            + "\"nonce\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\",\"additional-evidence\":\"\"}";
    String canonical = Jcs.canonicalize(JSON.readTree(json));
    assertThat(
            Bytes.toHex(
                MessageDigest.getInstance("SHA-384")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(
            "d90df149f9c01a31864adf395a1d4d74f8974399f713cfc7005ff037ea7e692d"
                + "6525633c5ffcf43b02daea40cd50d306");
  }

  @Test
  void escapesAndSortsByUtf16() throws Exception {
    var o = JsonNodeFactory.instance.objectNode();
    o.put("\u20ac", "Euro");
    o.put("\r", "Carriage Return");
    o.put("\ud83d\ude00", "Emoji");
    o.put("1", "\u0001\"\\\n\u00e9");
    o.put("\u0080", "Control");
    assertThat(Jcs.canonicalize(o))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":"
                + "\"\\u0001\\\"\\\\\\n\u00e9\",\"\u0080\":\"Control\",\"\u20ac\":\"Euro\","
                + "\"\ud83d\ude00\":\"Emoji\"}");
  }

  @Test
  void numbersFollowEcmascript() throws Exception {
    assertThat(
            Jcs.canonicalize(
                JSON.readTree(
                    "[0, -0.0, 1.0, 1e21, 1e20, 0.000001, 1e-7, "
                        + "333333333.33333329, 4.50, 2e-3, -1.5e300, 9007199254740993]")))
        .isEqualTo(
            "[0,0,1,1e+21,100000000000000000000,0.000001,1e-7,333333333.3333333,"
                + "4.5,0.002,-1.5e+300,9007199254740992]");
    assertThatThrownBy(() -> Jcs.formatDouble(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
