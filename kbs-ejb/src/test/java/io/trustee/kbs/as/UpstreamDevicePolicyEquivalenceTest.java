package io.trustee.kbs.as;

import static io.trustee.kbs.as.AzSnpVtpmFixture.JSON;
import static io.trustee.kbs.as.PolicyGoldens.evaluate;
import static io.trustee.kbs.as.PolicyGoldens.strings;
import static io.trustee.kbs.as.PolicyGoldens.vector;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.TestVectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device policies (attestation-service.md §7.2): upstream {@code ear_default_policy_gpu},
 * {@code _switch} and {@code _ppcie} (read at test time) and ours give the same trust vectors for
 * NVIDIA verifier results with every single check failing or missing and every reference value
 * missing or mismatching.
 *
 * <p>The one deliberate difference: the {@code sampledevice} rule. Upstream reads {@code
 * data.reference.device_svn}, which the AS never provides (so it can never affirm); ours asks the
 * RVPS for {@code device_svn}.
 */
class UpstreamDevicePolicyEquivalenceTest {

  /** Policy id, upstream file, claim prefix of the NVIDIA verifier, reference values. */
  record Device(String id, String upstreamFile, String prefix, Map<String, JsonNode> values) {}

  static final Device GPU =
      new Device(
          "default_gpu",
          "ear_default_policy_gpu.rego",
          "x-nvidia-gpu-",
          Map.of(
              "allowed_vbios_versions", strings("96.00.5e.00.01"),
              "allowed_driver_versions", strings("550.54.15")));
  static final Device SWITCH =
      new Device(
          "default_switch",
          "ear_default_policy_switch.rego",
          "x-nvidia-switch-",
          Map.of("allowed_switch_bios_versions", strings("96.10.6d.00.01")));

  /** A fully successful NVIDIA verifier result for the device. */
  static ObjectNode nvidiaInput(Device d) {
    ObjectNode input = JSON.createObjectNode();
    ObjectNode n = input.putObject("nvidia");
    String p = d.prefix();
    List<String> chains =
        d == GPU
            ? List.of(p + "attestation-report-cert-chain", p + "vbios-rim-cert-chain")
            : List.of(p + "attestation-report-cert-chain", p + "bios-rim-cert-chain");
    for (String chain : chains) {
      n.putObject(chain)
          .put("x-nvidia-cert-ocsp-status", "good")
          .put("x-nvidia-cert-status", "valid");
    }
    for (String check : booleanChecks(d)) {
      n.put(check, true);
    }
    n.put("secboot", true).put("dbgstat", "disabled").put("measres", "success");
    if (d == GPU) {
      n.put(p + "vbios-version", "96.00.5e.00.01").put(p + "driver-version", "550.54.15");
    } else {
      n.put(p + "bios-version", "96.10.6d.00.01");
    }
    return input;
  }

  static List<String> booleanChecks(Device d) {
    String p = d.prefix();
    List<String> out =
        new ArrayList<>(
            List.of(
                p + "attestation-report-cert-chain-fwid-match",
                p + "attestation-report-parsed",
                p + "attestation-report-signature-verified",
                p + "arch-check"));
    List<String> rims = d == GPU ? List.of("driver-rim-", "vbios-rim-") : List.of("bios-rim-");
    for (String rim : rims) {
      for (String s :
          List.of(
              "fetched",
              "measurements-available",
              "schema-validated",
              "signature-verified",
              "version-match")) {
        out.add(p + rim + s);
      }
    }
    return out;
  }

  static Stream<Arguments> sameInputs() {
    List<Arguments> out = new ArrayList<>();
    for (Device d : List.of(GPU, SWITCH)) {
      ObjectNode good = nvidiaInput(d);
      out.add(args(d, "all good", good, d.values()));
      out.add(args(d, "no values", good, Map.of()));
      for (String rv : d.values().keySet()) {
        Map<String, JsonNode> without = new LinkedHashMap<>(d.values());
        without.remove(rv);
        out.add(args(d, "without " + rv, good, without));
        Map<String, JsonNode> wrong = new LinkedHashMap<>(d.values());
        wrong.put(rv, strings("0.0.0"));
        out.add(args(d, "mismatching " + rv, good, wrong));
      }
      for (String check : booleanChecks(d)) {
        ObjectNode f = nvidiaInput(d);
        ((ObjectNode) f.get("nvidia")).put(check, false);
        out.add(args(d, check + " false", f, d.values()));
        ObjectNode m = nvidiaInput(d);
        ((ObjectNode) m.get("nvidia")).remove(check);
        out.add(args(d, check + " missing", m, d.values()));
      }
      good.get("nvidia")
          .fieldNames()
          .forEachRemaining(
              field -> {
                if (good.get("nvidia").get(field).isObject()) {
                  for (String[] bad :
                      List.of(
                          new String[] {"x-nvidia-cert-ocsp-status", "revoked"},
                          new String[] {"x-nvidia-cert-status", "invalid"})) {
                    ObjectNode c = nvidiaInput(d);
                    ((ObjectNode) c.get("nvidia").get(field)).put(bad[0], bad[1]);
                    out.add(args(d, field + " " + bad[1], c, d.values()));
                  }
                }
              });
      for (String[] bad :
          List.of(
              new String[] {"secboot", "false"},
              new String[] {"dbgstat", "enabled"},
              new String[] {"measres", "fail"})) {
        ObjectNode c = nvidiaInput(d);
        ObjectNode n = (ObjectNode) c.get("nvidia");
        if (bad[0].equals("secboot")) {
          n.put("secboot", false);
        } else {
          n.put(bad[0], bad[1]);
        }
        out.add(args(d, bad[0] + " " + bad[1], c, d.values()));
      }
      out.add(
          args(
              d,
              "cpu input",
              JSON.createObjectNode().set("sample", JSON.createObjectNode()),
              d.values()));
    }
    return out.stream();
  }

  static Arguments args(Device d, String name, JsonNode input, Map<String, JsonNode> rvs) {
    return Arguments.of(Named.of(d.id() + ", " + name, d), input, rvs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sameInputs")
  void upstreamAndOurDevicePolicyGiveTheSameTrustVector(
      Device d, JsonNode input, Map<String, JsonNode> rvs) throws Exception {
    var theirs = evaluate(TestVectors.text("upstream-policies/" + d.upstreamFile()), input, rvs);
    var ours = evaluate(DefaultPolicies.text(d.id()), input, rvs);

    assertThat(ours.claims()).isEqualTo(theirs.claims());
  }

  @Test
  void theDeviceScenariosReachEveryValueTheDevicePoliciesAssign() throws Exception {
    Set<String> seen = new HashSet<>();
    for (Arguments a : sameInputs().toList()) {
      Device d = (Device) ((Named<?>) a.get()[0]).getPayload();
      @SuppressWarnings("unchecked")
      Map<String, JsonNode> rvs = (Map<String, JsonNode>) a.get()[2];
      evaluate(DefaultPolicies.text(d.id()), (JsonNode) a.get()[1], rvs)
          .claims()
          .forEach((c, v) -> seen.add(d.id() + " " + c + "=" + v));
    }
    for (String id : List.of("default_gpu", "default_switch")) {
      assertThat(seen)
          .contains(
              id + " executables=3",
              id + " executables=33",
              id + " hardware=2",
              id + " hardware=97",
              id + " configuration=2",
              id + " configuration=3",
              id + " configuration=36");
    }
  }

  @Test
  void fullyVerifiedGpuWithRegisteredVersionsIsAffirming() throws Exception {
    var e = evaluate(DefaultPolicies.text("default_gpu"), nvidiaInput(GPU), GPU.values());

    assertThat(e.claims()).isEqualTo(vector(3, 2, 2));
  }

  @Test
  void ppcieIsTheSameConstantVectorAsUpstream() throws Exception {
    for (JsonNode input : List.of(JSON.createObjectNode(), nvidiaInput(GPU))) {
      assertThat(evaluate(DefaultPolicies.text("default_ppcie"), input, Map.of()).claims())
          .isEqualTo(
              evaluate(
                      TestVectors.text("upstream-policies/ear_default_policy_ppcie.rego"),
                      input,
                      Map.of())
                  .claims())
          .isEqualTo(vector(0, 0, 2));
    }
  }

  @Test
  void deliberateDifferenceOnlyOurSampleDeviceRuleCanAffirmTheHardware() throws Exception {
    ObjectNode input = JSON.createObjectNode();
    input.putObject("sampledevice").put("svn", "1");
    Map<String, JsonNode> rvs = Map.of("device_svn", strings("1"));

    for (Device d : List.of(GPU, SWITCH)) {
      var theirs = evaluate(TestVectors.text("upstream-policies/" + d.upstreamFile()), input, rvs);
      var ours = evaluate(DefaultPolicies.text(d.id()), input, rvs);

      assertThat(theirs.claims()).as(d.id()).isEqualTo(vector(33, 97, 36));
      assertThat(ours.claims()).as(d.id()).isEqualTo(vector(33, 2, 36));
      assertThat(evaluate(DefaultPolicies.text(d.id()), input, Map.of()).claims())
          .as(d.id())
          .isEqualTo(vector(33, 97, 36));
    }
  }
}
