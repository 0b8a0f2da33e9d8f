package io.trustee.kbs.as;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AttestationRequestTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EVIDENCE =
      Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString("{\"version\":1,\"tpm_quote\":{}}".getBytes(StandardCharsets.UTF_8));

  static ObjectNode body(String requestMembers, String policyIds) throws Exception {
    return (ObjectNode)
        JSON.readTree(
            "{\"verification_requests\":[{\"tee\":\"az-snp-vtpm\","
                + "\"evidence\":\""
                + EVIDENCE
                + "\""
                + requestMembers
                + "}]"
                + (policyIds == null ? "" : ",\"policy_ids\":" + policyIds)
                + "}");
  }

  @Test
  void readsTheRestBody() throws Exception {
    AttestationRequest r =
        AttestationRequest.fromJson(
            body(
                ",\"runtime_data\":{\"structured\":{\"nonce\":\"n\"}},"
                    + "\"init_data\":{\"init_data_digest\":\"AAEC\"},"
                    + "\"runtime_data_hash_algorithm\":\"SHA512\"",
                "[]"));
    assertThat(r.policyId()).isEqualTo("default");
    VerificationRequest v = r.verificationRequests().get(0);
    assertThat(v.evidence().get("version").asInt()).isEqualTo(1);
    assertThat(v.runtimeData().orElseThrow())
        .isEqualTo(new RuntimeData.Structured(JSON.readTree("{\"nonce\":\"n\"}")));
    assertThat(v.initData().orElseThrow())
        .isEqualTo(new ExpectedInitData.Digest(new byte[] {0, 1, 2}));
    assertThat(v.runtimeDataHashAlgorithm()).isEqualTo(HashAlgorithm.SHA512);
    assertThat(AttestationRequest.fromJson(body("", "[\"a\",\"b\"]")).policyId()).isEqualTo("a");
    assertThat(
            AttestationRequest.fromJson(body("", "[]"))
                .verificationRequests()
                .get(0)
                .runtimeDataHashAlgorithm())
        .isEqualTo(HashAlgorithm.SHA384);
  }

  @Test
  void rawRuntimeData() throws Exception {
    AttestationRequest r =
        AttestationRequest.fromJson(body(",\"runtime_data\":{\"raw\":\"Y2hhbGxlbmdl\"}", "[]"));
    assertThat(r.verificationRequests().get(0).runtimeData().orElseThrow())
        .isEqualTo(new RuntimeData.Raw("challenge".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void rejectsMalformedRequestsNamingTheField() throws Exception {
    String[][] cases = {
      {"{\"verification_requests\":[],\"policy_ids\":[]}", "verification_requests"},
      {body("", null).toString(), "policy_ids"},
      {
        body(",\"runtime_data_hash_algorithm\":\"sm3\"", "[]").toString(),
        "verification_requests[0].runtime_data_hash_algorithm"
      },
      {
        body(",\"runtime_data_hash_algorithm\":\"md5\"", "[]").toString(),
        "verification_requests[0].runtime_data_hash_algorithm"
      },
      {
        body(",\"runtime_data\":{\"raw\":\"AA\",\"structured\":{}}", "[]").toString(),
        "verification_requests[0].runtime_data"
      },
      {
        body(",\"init_data\":{\"init_data_digest\":\"AA==\"}", "[]").toString(),
        "verification_requests[0].init_data.init_data_digest"
      },
      {
        "{\"verification_requests\":[{\"tee\":\"snp\",\"evidence\":\"e30=\"}],\"policy_ids\":[]}",
        "verification_requests[0].evidence"
      },
      {
        "{\"verification_requests\":[{\"tee\":\"snp\",\"evidence\":\"bm90IGpzb24\"}],"
            + "\"policy_ids\":[]}",
        "verification_requests[0].evidence"
      },
      {
        "{\"verification_requests\":[{\"evidence\":\"e30\"}],\"policy_ids\":[]}",
        "verification_requests[0].tee"
      },
      {body("", "[1]").toString(), "policy_ids[0]"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> AttestationRequest.fromJson(JSON.readTree(c[0])))
          .as(c[0])
          .isInstanceOf(InvalidAttestationRequestException.class)
          .extracting(e -> ((InvalidAttestationRequestException) e).field())
          .isEqualTo(c[1]);
    }
    assertThatThrownBy(() -> HashAlgorithm.parse("sm3", "alg"))
        .hasMessageContaining("sm3 is not supported");
  }
}
