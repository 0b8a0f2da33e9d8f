package io.trustee.kbs.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.util.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttestationBodyTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final String NONCE = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  private static ObjectNode body040() {
    ObjectNode b = M.createObjectNode();
    b.putObject("init-data").put("format", "toml").put("body", "version = \"0.1.0\"");
    ObjectNode rd = b.putObject("runtime-data");
    rd.put("nonce", NONCE);
    rd.set("tee-pubkey", TeePublicKeyTest.ecJson());
    ObjectNode ev = b.putObject("tee-evidence");
    ev.putObject("primary_evidence").put("version", 2);
    ev.put("additional_evidence", "");
    return b;
  }

  @Test
  void parses040Body() throws Exception {
    AttestationBody a = AttestationBody.parse(body040(), ProtocolVersion.V0_4_0);
    assertThat(a.runtimeNonce()).contains(NONCE);
    assertThat(a.initData().get().body()).isEqualTo("version = \"0.1.0\"");
    assertThat(a.primaryEvidence().get("version").asInt()).isEqualTo(2);
    assertThat(a.additionalEvidence()).isEmpty();
    assertThat(a.additionalEvidenceMap()).isEmpty();
  }

  @Test
  void parses040WithoutInitDataAndWithDeviceEvidence() throws Exception {
    ObjectNode b = body040();
    b.remove("init-data");
    ((ObjectNode) b.get("tee-evidence")).put("additional_evidence", "{\"nvidia\":{\"x\":1}}");
    AttestationBody a = AttestationBody.parse(b, ProtocolVersion.V0_4_0);
    assertThat(a.initData()).isEmpty();
    assertThat(a.additionalEvidenceMap()).containsOnlyKeys("nvidia");
  }

  @Test
  void checkNonceComparesEchoedNonceFor040Only() throws Exception {
    AttestationBody a = AttestationBody.parse(body040(), ProtocolVersion.V0_4_0);
    a.checkNonce(new Nonce(NONCE));
    Nonce other = new Nonce("BAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    assertThatThrownBy(() -> a.checkNonce(other))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("runtime-data.nonce");
    ObjectNode b = M.createObjectNode();
    b.set("tee-pubkey", TeePublicKeyTest.ecJson());
    b.putObject("tee-evidence").put("primary_evidence", "x");
    AttestationBody old = AttestationBody.parse(b, ProtocolVersion.V0_3_0);
    old.checkNonce(other);
    assertThat(old.additionalEvidence()).isEmpty();
  }

  @Test
  void missingRuntimeNonceNamesField() {
    ObjectNode b = body040();
    ((ObjectNode) b.get("runtime-data")).remove("nonce");
    assertThatThrownBy(() -> AttestationBody.parse(b, ProtocolVersion.V0_4_0))
        .isInstanceOf(ProtocolException.class)
        .extracting(e -> ((ProtocolException) e).field())
        .isEqualTo("runtime-data.nonce");
  }

  @Test
  void badKeyInside040NamesRuntimeDataPath() {
    ObjectNode b = body040();
    ((ObjectNode) b.get("runtime-data").get("tee-pubkey")).remove("y");
    assertThatThrownBy(() -> AttestationBody.parse(b, ProtocolVersion.V0_4_0))
        .extracting(e -> ((ProtocolException) e).field())
        .isEqualTo("runtime-data.tee-pubkey.y");
  }

  @Test
  void nonStringAdditionalEvidenceIsRejected() {
    ObjectNode b = body040();
    ((ObjectNode) b.get("tee-evidence")).putObject("additional_evidence");
    assertThatThrownBy(() -> AttestationBody.parse(b, ProtocolVersion.V0_4_0))
        .hasMessageStartingWith("tee-evidence.additional_evidence");
  }

  @Test
  void additionalEvidenceThatIsNotAnObjectFailsOnAccess() throws Exception {
    ObjectNode b = body040();
    ((ObjectNode) b.get("tee-evidence")).put("additional_evidence", "[1]");
    AttestationBody a = AttestationBody.parse(b, ProtocolVersion.V0_4_0);
    assertThatThrownBy(a::additionalEvidenceMap).isInstanceOf(ProtocolException.class);
  }

  @Test
  void parses030Shape() throws Exception {
    ObjectNode b = M.createObjectNode();
    b.set("tee-pubkey", TeePublicKeyTest.ecJson());
    b.putObject("tee-evidence").put("primary_evidence", "x").put("additional_evidence", "");
    AttestationBody a = AttestationBody.parse(b, ProtocolVersion.V0_3_0);
    assertThat(a.runtimeNonce()).isEmpty();
    assertThat(a.primaryEvidence().asText()).isEqualTo("x");
  }

  @Test
  void parses010StringEvidenceAnd011ObjectEvidence() throws Exception {
    ObjectNode b = M.createObjectNode();
    b.set(
        "tee-pubkey",
        M.readTree("{\"kty\":\"RSA\",\"alg\":\"RSA1_5\",\"n\":\"AQAB\",\"e\":\"AQAB\"}"));
    b.put("tee-evidence", "{\"svn\":\"1\"}");
    assertThat(
            AttestationBody.parse(b, ProtocolVersion.V0_1_0).primaryEvidence().get("svn").asText())
        .isEqualTo("1");
    b.putObject("tee-evidence").put("svn", "2");
    assertThat(
            AttestationBody.parse(b, ProtocolVersion.V0_1_1).primaryEvidence().get("svn").asText())
        .isEqualTo("2");
    b.put("tee-evidence", "not json{");
    assertThatThrownBy(() -> AttestationBody.parse(b, ProtocolVersion.V0_1_0))
        .hasMessageStartingWith("tee-evidence");
  }

  @Test
  void bindingMatchesSpecVectorsFor040And030() {
    TeePublicKey k =
        new TeePublicKey.Ec("P-256", "ECDH-ES+A256KW", TeePublicKeyTest.X, TeePublicKeyTest.Y);
    for (ProtocolVersion v : List.of(ProtocolVersion.V0_4_0, ProtocolVersion.V0_3_0)) {
      List<byte[]> e = ReportDataBinding.expected(v, NONCE, k, "");
      assertThat(e).hasSize(1);
      assertThat(Bytes.toHex(e.get(0)))
          .isEqualTo(
              "d90df149f9c01a31864adf395a1d4d74f8974399f713cfc7005ff037ea7e692d6525633c5ffcf43b02daea40cd50d306");
    }
    assertThat(Bytes.toHex(ReportDataBinding.expectedForDevice(NONCE, k)))
        .isEqualTo(
            "e695e933115b0259ad2923b88d13afb2cb1bbb95d0c3f6a8163d3edb6aee7e32d3015e53566ffc5a4344b552077a9dad");
  }

  @Test
  void binding020UsesNonceAndKeyOnly() {
    TeePublicKey k =
        new TeePublicKey.Ec("P-256", "ECDH-ES+A256KW", TeePublicKeyTest.X, TeePublicKeyTest.Y);
    assertThat(ReportDataBinding.expected(ProtocolVersion.V0_2_0, NONCE, k, "ignored").get(0))
        .isEqualTo(ReportDataBinding.expectedForDevice(NONCE, k));
    assertThat(
            ReportDataBinding.runtimeDataJson(ProtocolVersion.V0_2_0, NONCE, k, "")
                .has("additional-evidence"))
        .isFalse();
  }

  @Test
  void binding010OffersBothRulesForRsa() throws Exception {
    TeePublicKey k = new TeePublicKey.Rsa("RSA1_5", "nnnn", "AQAB");
    List<byte[]> e = ReportDataBinding.expected(ProtocolVersion.V0_1_0, NONCE, k, "");
    assertThat(e).hasSize(2);
    assertThat(e.get(0))
        .isEqualTo(
            java.security.MessageDigest.getInstance("SHA-384")
                .digest((NONCE + "nnnnAQAB").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(e.get(1)).isEqualTo(ReportDataBinding.expectedForDevice(NONCE, k));
  }

  @Test
  void additionalEvidenceChangesPrimaryBinding() {
    TeePublicKey k =
        new TeePublicKey.Ec("P-256", "ECDH-ES+A256KW", TeePublicKeyTest.X, TeePublicKeyTest.Y);
    assertThat(
            ReportDataBinding.expected(ProtocolVersion.V0_4_0, NONCE, k, "{\"nvidia\":{}}").get(0))
        .isNotEqualTo(ReportDataBinding.expected(ProtocolVersion.V0_4_0, NONCE, k, "").get(0));
  }
}
