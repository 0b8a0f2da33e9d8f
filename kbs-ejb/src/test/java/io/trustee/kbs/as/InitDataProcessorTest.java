package io.trustee.kbs.as;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class InitDataProcessorTest {
  static final String CDH = "[kbc]\nname = \"cc_kbc\"\nurl = \"http://10.0.0.1:8080\"\n";

  static String toml(String alg, String extraData) {
    return "algorithm = \""
        + alg
        + "\"\nversion = \"0.1.0\"\n\n[data]\n"
        + "\"cdh.toml\" = '''\n"
        + CDH
        + "'''\n"
        + extraData;
  }

  @Test
  void hashesTheExactTextAndRewritesTomlAndPolicy() throws Exception {
    String policy =
        "\"policy.rego\" = '''\n"
            + "package agent_policy\n\n"
            + "import rego.v1\n\n"
            + "policy_data := {\n"
            + "  \"containers\": [{\"OCI\": {\"Process\": {\"User\": {\"UID\": 0}}}}],\n"
            + "  \"request_defaults\": {}\n"
            + "}\n\n"
            + "default CreateContainerRequest := false\n"
            + "'''\n";
    String text = toml("sha384", policy + "other = \"x\"\n");
    InitDataProcessor.Result r = InitDataProcessor.process(new ExpectedInitData.Toml(text), "init");
    assertThat(r.digest())
        .isEqualTo(
            MessageDigest.getInstance("SHA-384").digest(text.getBytes(StandardCharsets.UTF_8)));
    JsonNode c = r.claims();
    assertThat(c.at("/cdh.toml/kbc/url").asText()).isEqualTo("http://10.0.0.1:8080");
    assertThat(c.has("policy.rego")).isFalse();
    assertThat(c.at("/agent_policy_claims/containers/0/OCI/Process/User/UID").asInt()).isZero();
    assertThat(c.get("other").asText()).isEqualTo("x");
  }

  @Test
  void keepsTextThatDoesNotParse() throws Exception {
    String text =
        "algorithm = \"sha256\"\n"
            + "version = \"0.1.0\"\n"
            + "[data]\n"
            + "\"aa.toml\" = \"not = = toml\"\n"
            + "\"policy.rego\" = \"package p\\n"
            + "policy_data := { x\"\n";
    JsonNode c = InitDataProcessor.process(new ExpectedInitData.Toml(text), "init").claims();
    assertThat(c.get("aa.toml").asText()).isEqualTo("not = = toml");
    assertThat(c.get("policy.rego").asText()).contains("policy_data := { x");
    assertThat(c.has("agent_policy_claims")).isFalse();
  }

  @Test
  void digestPassesThroughWithNullClaims() throws Exception {
    InitDataProcessor.Result r =
        InitDataProcessor.process(new ExpectedInitData.Digest(new byte[] {1, 2}), "init");
    assertThat(r.digest()).containsExactly(1, 2);
    assertThat(r.claims().isNull()).isTrue();
  }

  @Test
  void rejectsBadDocuments() {
    String[][] cases = {
      {toml("sm3", ""), "init.init_data_toml.algorithm"},
      {toml("md5", ""), "init.init_data_toml.algorithm"},
      {"version = \"0.1.0\"\n[data]\n", "init.init_data_toml.algorithm"},
      {"algorithm = \"sha256\"\n[data]\n", "init.init_data_toml.version"},
      {"algorithm = \"sha256\"\nversion = \"0.1.0\"\n", "init.init_data_toml.data"},
      {toml("sha256", "n = 1\n"), "init.init_data_toml.data.n"},
      {"this is = = not toml", "init.init_data_toml"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> InitDataProcessor.process(new ExpectedInitData.Toml(c[0]), "init"))
          .as(c[0])
          .isInstanceOf(InvalidAttestationRequestException.class)
          .extracting(e -> ((InvalidAttestationRequestException) e).field())
          .isEqualTo(c[1]);
    }
  }
}
