package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.as.DefaultPolicies;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a fresh dev server for a test that walks a simulated az-snp-vtpm guest from refused
 * to affirmed (the README walkthrough, the console's browser test), and back afterwards: the AMD
 * certs directory ({@link ItAmdDir}), the az-snp-vtpm reference values the walkthrough registers
 * (deleted first, so that other ITs' values of the same names do not make the guest known), and the
 * resource policy (the built-in default first).
 */
final class ItDevState {
  static final List<String> RV_NAMES =
      List.of(
          "measurement",
          "snp_pcr03",
          "snp_pcr08",
          "snp_pcr09",
          "snp_pcr11",
          "snp_pcr12",
          "tcb_bootloader",
          "tcb_tee",
          "tcb_snp",
          "tcb_microcode",
          "smt_enabled",
          "tsme_enabled",
          "abi_major",
          "abi_minor",
          "single_socket",
          "smt_allowed");

  private final ItAmdDir amd;
  private final Map<String, JsonNode> previousValues = new LinkedHashMap<>();
  private String previousPolicy;

  ItDevState(String owner) {
    this.amd = new ItAmdDir(owner);
  }

  void enter() throws Exception {
    amd.setAside();
    KbsHttp.Reply policy = new KbsHttp().get("/kbs/v0/resource-policy?view=text", Admin.auth());
    assertThat(policy.status()).as(policy.body()).isEqualTo(200);
    previousPolicy = policy.body();
    assertThat(
            Admin.setResourcePolicy(DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT))
                .status())
        .isEqualTo(200);
    for (String name : RV_NAMES) {
      KbsHttp.Reply r = new KbsHttp().get("/kbs/v0/reference-value/" + name, Admin.auth());
      if (r.status() == 200 && r.json().isArray()) {
        previousValues.put(name, r.json());
        KbsHttp.Reply d =
            new KbsHttp().send("DELETE", "/kbs/v0/reference-value/" + name, null, Admin.auth());
        assertThat(d.status()).as(name + ": " + d.body()).isLessThan(300);
      }
    }
  }

  void restore() throws Exception {
    amd.restore();
    for (String name : RV_NAMES) {
      JsonNode before = previousValues.get(name);
      if (before != null) {
        register(name, before);
      } else {
        new KbsHttp().send("DELETE", "/kbs/v0/reference-value/" + name, null, Admin.auth());
      }
    }
    if (previousPolicy != null) {
      Admin.setResourcePolicy(previousPolicy);
    }
  }

  /** Registers {@code name} with {@code values} as an unsigned RVPS message (type sample). */
  static KbsHttp.Reply register(String name, JsonNode values) throws Exception {
    ObjectNode payload = KbsHttp.JSON.createObjectNode();
    payload.set(name, values);
    ObjectNode message = KbsHttp.JSON.createObjectNode();
    message.put("version", "0.1.0");
    message.put("type", "sample");
    message.put(
        "payload",
        Base64.getEncoder().encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8)));
    return new KbsHttp().postJson("/kbs/v0/reference-value", message, Admin.auth());
  }
}
