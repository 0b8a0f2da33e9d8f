package io.trustee.kbs.as;

import static io.trustee.kbs.as.AzSnpVtpmFixture.JSON;
import static io.trustee.kbs.as.AzSnpVtpmFixture.MEASUREMENT;
import static io.trustee.kbs.as.AzSnpVtpmFixture.ZERO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.policy.RegoAttestationPolicyEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shared inputs for the golden tests of the attestation policies on the real Rego engine: policy
 * inputs built as attestation-service.md §4 describes, reference-value sets that make them
 * affirming, and an evaluation helper that records which reference values the policy queried.
 */
final class PolicyGoldens {
  static final RegoAttestationPolicyEngine ENGINE = new RegoAttestationPolicyEngine();

  /** A PCR value that matches none of the evidence's PCRs. */
  static final String OTHER_PCR = "5d3a" + "0".repeat(56) + "9f1c";

  private PolicyGoldens() {}

  /** The policy input of the az-snp-vtpm test evidence (structured runtime data, no init data). */
  static ObjectNode azSnpVtpmInput() {
    ObjectNode runtime = JSON.createObjectNode().put("nonce", "n").put("additional-evidence", "");
    return PolicyInput.build("az-snp-vtpm", AzSnpVtpmFixture.claims(), null, runtime, true);
  }

  /** The reference values of rvps.md §5 that make {@link #azSnpVtpmInput()} affirming. */
  static Map<String, JsonNode> azSnpVtpmAffirmingValues() {
    Map<String, JsonNode> rv = new LinkedHashMap<>();
    rv.put("measurement", strings(MEASUREMENT));
    rv.put("snp_pcr11", strings(ZERO));
    rv.put("tcb_bootloader", strings("4"));
    rv.put("tcb_microcode", strings("219"));
    rv.put("tcb_snp", strings("24"));
    rv.put("tcb_tee", strings("0"));
    rv.put("smt_enabled", strings("true"));
    rv.put("tsme_enabled", strings("false"));
    rv.put("abi_major", strings("0"));
    rv.put("abi_minor", strings("31"));
    rv.put("single_socket", strings("false"));
    rv.put("smt_allowed", strings("true"));
    return rv;
  }

  /** The claims of the sample verifier for evidence {@code {"svn": "1"}} (SampleVerifier). */
  static ObjectNode sampleInput() {
    ObjectNode claims = JSON.createObjectNode();
    claims.put("svn", "1").put("report_data", "").put("launch_digest", "abcde");
    claims.putObject("platform_version").put("major", 1).put("minor", 4);
    claims.put("debug", false);
    return PolicyInput.build("sample", claims, null, null, true);
  }

  /** Upstream's sample reference values (attestation-service tests). */
  static Map<String, JsonNode> sampleAffirmingValues() {
    Map<String, JsonNode> rv = new LinkedHashMap<>();
    rv.put("launch_digest", strings("abcde"));
    rv.put("svn", strings("1"));
    rv.put("major_version", JSON.getNodeFactory().numberNode(1));
    rv.put("minimum_minor_version", JSON.getNodeFactory().numberNode(0));
    return rv;
  }

  static ArrayNode strings(String... values) {
    ArrayNode a = JSON.createArrayNode();
    for (String v : values) {
      a.add(v);
    }
    return a;
  }

  /** One evaluation: the verdict and the ids the policy queried, in order. */
  record Evaluation(PolicyVerdict verdict, List<String> queried) {
    TrustVector vector() throws PolicyEvaluationException {
      return TrustVector.fromPolicy(verdict.trustClaims());
    }

    Map<String, Integer> claims() throws PolicyEvaluationException {
      return vector().claims();
    }
  }

  static Evaluation evaluate(String policy, JsonNode input, Map<String, JsonNode> rvs)
      throws PolicyEvaluationException {
    List<String> queried = new ArrayList<>();
    PolicyVerdict v =
        ENGINE.evaluate(
            policy,
            input,
            id -> {
              synchronized (queried) {
                queried.add(id);
              }
              return Optional.ofNullable(rvs.get(id));
            });
    return new Evaluation(v, List.copyOf(queried));
  }

  /** The eight claims with the given non-zero values, all others 0. */
  static Map<String, Integer> vector(int executables, int hardware, int configuration) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String c : TrustVector.CLAIMS) {
      m.put(c, 0);
    }
    m.put("executables", executables);
    m.put("hardware", hardware);
    m.put("configuration", configuration);
    return new TrustVector(m).claims();
  }
}
