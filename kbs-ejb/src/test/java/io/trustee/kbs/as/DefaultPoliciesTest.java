package io.trustee.kbs.as;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Rego texts cannot be evaluated in this module (the engine lives in kbs-rego); these tests
 * check installation and the contract every policy must meet to be loadable by that engine.
 */
class DefaultPoliciesTest {

  @Test
  void installsOnlyWhereAbsent() {
    InMemoryPolicyRepository repo = new InMemoryPolicyRepository();
    repo.store("default_cpu", "package policy # operator override");
    assertThat(DefaultPolicies.installDefaultsIfAbsent(repo)).isEmpty();
    assertThat(repo.find("default_cpu")).contains("package policy # operator override");

    InMemoryPolicyRepository fresh = new InMemoryPolicyRepository();
    assertThat(DefaultPolicies.installDefaultsIfAbsent(fresh)).containsExactly("default_cpu");
    assertThat(fresh.find("default_cpu").orElseThrow()).contains("az_snp_optional_pcrs");
    assertThat(DefaultPolicies.installDefaultsIfAbsent(fresh)).isEmpty();
  }

  @Test
  void everyPolicyIsRegoV1InPackagePolicy() {
    for (String name : List.of("default_cpu", DefaultPolicies.RESOURCE_DEFAULT,
        DefaultPolicies.RESOURCE_AFFIRMING_ONLY)) {
      String text = DefaultPolicies.text(name);
      assertThat(text).as(name).containsPattern("(?m)^package policy$")
          .containsPattern("(?m)^import rego.v1$");
      // Rego v1: every rule with a body uses "if"; no v0-only "= value {" heads
      assertThat(text).as(name).doesNotContainPattern("(?m)^[a-z_]+(\\[[^\\]]*\\])?( :?= [^{]+)?(?<! if) \\{$");
    }
  }

  @Test
  void defaultCpuDefinesEveryTrustClaimAndTheIdentifiersExtension() {
    String text = DefaultPolicies.text("default_cpu");
    for (String claim : TrustVector.CLAIMS) {
      assertThat(text).contains("\"" + claim + "\":");
    }
    assertThat(text).contains("default executables := 33", "default hardware := 97",
        "default configuration := 36", "\"name\": \"ear.trustee.identifiers\"", "\"key\": -18");
    for (String rv : List.of("measurement", "snp_pcr11", "tcb_bootloader", "tcb_microcode",
        "tcb_snp", "tcb_tee", "smt_enabled", "tsme_enabled", "abi_major", "abi_minor",
        "single_socket", "smt_allowed", "snp_launch_measurement", "tpm_pcr11", "trusted_aks",
        "launch_digest", "svn", "major_version", "minimum_minor_version")) {
      assertThat(text).as(rv).contains("query_reference_value(\"" + rv + "\")");
    }
    // every RV name the policy queries is mapped to a claim for the "why denied" record
    var m = java.util.regex.Pattern.compile("query_reference_value\\(\"([a-z0-9_]+)\"\\)")
        .matcher(text);
    while (m.find()) {
      String rv = m.group(1);
      boolean mapped = List.of("az-snp-vtpm", "snp", "tdx", "az-tdx-vtpm", "tpm", "sample")
          .stream().anyMatch(tee -> ClaimPaths.forName(tee, rv).isPresent());
      assertThat(mapped || rv.startsWith("tdvfkernel")).as(rv).isTrue();
    }
  }

  @Test
  void resourcePolicies() {
    assertThat(DefaultPolicies.text(DefaultPolicies.RESOURCE_AFFIRMING_ONLY))
        .contains("default allow := false", "submod[\"ear.status\"] == \"affirming\"",
            "count(input.submods) > 0");
    assertThat(DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT))
        .contains("default allow := false", "data.plugin == \"resource\"",
            "not input.submods.cpu0[\"ear.veraison.annotated-evidence\"].sample");
  }
}
