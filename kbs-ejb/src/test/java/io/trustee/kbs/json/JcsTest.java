package io.trustee.kbs.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JcsTest {
  private static final ObjectMapper M = new ObjectMapper();

  private static String sha384(String s) throws Exception {
    return Bytes.toHex(
        MessageDigest.getInstance("SHA-384").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void upstreamVectorSortsKeysAndHashes() throws Exception {
    String c = Jcs.canonicalize(M.readTree("{\"b\":1,\"a\":\"test\",\"c\":{\"d\":\"e\"}}"));
    assertThat(c).isEqualTo("{\"a\":\"test\",\"b\":1,\"c\":{\"d\":\"e\"}}");
    assertThat(sha384(c))
        .isEqualTo(
            "e71ce8e70d814ba6639c3612ebee0ff1f76f650f8dbb5e47157e0f3f525cd22c4597480a186427c813ca941da78870c3");
  }

  @Test
  void specSection5PrimaryAndDeviceVectors() throws Exception {
    String key =
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ECDH-ES+A256KW\","
            + "\"x\":\"csp-iStjBCUEqQ6gcRtpbtJigDytWkoF3w8Smczujvs\","
            + "\"y\":\"RKn__BFbx9TB1kvjuNB3b57dObOGrtr8_HqL1nUOgw0\"}";
    String nonce = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    String primary =
        Jcs.canonicalize(
            M.readTree(
                "{\"tee-pubkey\":"
                    + key
                    + ",\"nonce\":\""
                    + nonce
                    + "\",\"additional-evidence\":\"\"}"));
    assertThat(primary)
        .isEqualTo(
            "{\"additional-evidence\":\"\",\"nonce\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\",\"tee-pubkey\":{\"alg\":\"ECDH-ES+A256KW\",\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"csp-iStjBCUEqQ6gcRtpbtJigDytWkoF3w8Smczujvs\",\"y\":\"RKn__BFbx9TB1kvjuNB3b57dObOGrtr8_HqL1nUOgw0\"}}");
    assertThat(sha384(primary))
        .isEqualTo(
            "d90df149f9c01a31864adf395a1d4d74f8974399f713cfc7005ff037ea7e692d6525633c5ffcf43b02daea40cd50d306");
    String device =
        Jcs.canonicalize(M.readTree("{\"tee-pubkey\":" + key + ",\"nonce\":\"" + nonce + "\"}"));
    assertThat(sha384(device))
        .isEqualTo(
            "e695e933115b0259ad2923b88d13afb2cb1bbb95d0c3f6a8163d3edb6aee7e32d3015e53566ffc5a4344b552077a9dad");
  }

  @Test
  void rfc8785SampleObject() throws Exception {
    String in =
        "{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"
            + "\"string\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
            + "\"literals\":[null,true,false]}";
    assertThat(Jcs.canonicalize(M.readTree(in)))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void sortsByUtf16CodeUnitsNotCodePoints() throws Exception {
    // RFC 8785 §3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 order.
    String in = "{\"\uFB33\":1,\"\uD83D\uDE00\":2,\"a\":3}";
    assertThat(Jcs.canonicalize(M.readTree(in)))
        .isEqualTo("{\"a\":3,\"\uD83D\uDE00\":2,\"\uFB33\":1}");
  }

  @ParameterizedTest
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void rfc8785AppendixBNumbers(String bits, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(Jcs.canonicalize(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(d)))
        .isEqualTo(expected);
  }

  @Test
  void integersAndNestedArraysAreCompact() throws Exception {
    assertThat(Jcs.canonicalize(M.readTree("[ 1 , [ 2.0, -3 ], {\"z\" : {}, \"y\": []} ]")))
        .isEqualTo("[1,[2,-3],{\"y\":[],\"z\":{}}]");
  }
}
