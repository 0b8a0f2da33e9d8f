package io.trustee.kbs.as;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Installation and the textual contract of the built-in policies. What they evaluate to on the Rego
 * engine is pinned by {@link DefaultPolicyGoldenTest} and {@link UpstreamPolicyEquivalenceTest}.
 */
class DefaultPoliciesTest {

  @Test
  void installsOnlyWhereAbsent() {
    InMemoryPolicyRepository repo = new InMemoryPolicyRepository();
    repo.store("default_cpu", "package policy # operator override");
    assertThat(DefaultPolicies.installDefaultsIfAbsent(repo))
        .containsExactly("default_gpu", "default_switch", "default_ppcie");
    assertThat(repo.find("default_cpu")).contains("package policy # operator override");

    InMemoryPolicyRepository fresh = new InMemoryPolicyRepository();
    assertThat(DefaultPolicies.installDefaultsIfAbsent(fresh))
        .containsExactlyElementsOf(DefaultPolicies.ATTESTATION_POLICY_IDS);
    assertThat(fresh.find("default_cpu").orElseThrow()).contains("az_snp_optional_pcrs");
    assertThat(DefaultPolicies.installDefaultsIfAbsent(fresh)).isEmpty();
  }

  @Test
  void everyBuiltInTextOfThisBuildIsRecordedAsShipped() {
    var shipped = DefaultPolicies.shippedHashes();
    for (String id : DefaultPolicies.ATTESTATION_POLICY_IDS) {
      assertThat(shipped.get(id))
          .as(
              id
                  + ": add \"%s %s\" to policies/builtin-history.txt, so that the next release"
                  + " upgrades databases holding this text unchanged",
              id,
              DefaultPolicies.sha256Hex(DefaultPolicies.text(id)))
          .contains(DefaultPolicies.sha256Hex(DefaultPolicies.text(id)));
    }
  }

  @Test
  void anEarlierReleasesUnchangedBuiltInIsUpgradedAndAnOperatorsTextIsKept() {
    String earlier = "package policy\n# an earlier release's default_cpu\n";
    String operators = "package policy\n# the operator's default_gpu\n";
    InMemoryPolicyRepository repo = new InMemoryPolicyRepository();
    DefaultPolicies.installDefaultsIfAbsent(repo);
    repo.store("default_cpu", earlier);
    repo.store("default_gpu", operators);
    repo.delete("default_switch");
    var shipped =
        Map.of(
            "default_cpu", Set.of(DefaultPolicies.sha256Hex(earlier)),
            "default_gpu", Set.of(DefaultPolicies.sha256Hex("package policy\n")));

    assertThat(DefaultPolicies.upgradeUnmodified(repo, shipped)).containsExactly("default_cpu");

    assertThat(repo.find("default_cpu")).contains(DefaultPolicies.text("default_cpu"));
    assertThat(repo.find("default_gpu")).contains(operators);
    assertThat(repo.find("default_switch")).as("a deleted policy is not re-created").isEmpty();
    assertThat(DefaultPolicies.upgradeUnmodified(repo, shipped)).as("idempotent").isEmpty();
    assertThat(DefaultPolicies.upgradeUnmodified(repo)).as("the shipped list").isEmpty();
  }

  @Test
  void everyPolicyIsRegoV1InPackagePolicy() {
    List<String> all = new java.util.ArrayList<>(DefaultPolicies.ATTESTATION_POLICY_IDS);
    all.add(DefaultPolicies.RESOURCE_DEFAULT);
    all.add(DefaultPolicies.RESOURCE_AFFIRMING_ONLY);
    for (String name : all) {
      String text = DefaultPolicies.text(name);
      assertThat(text)
          .as(name)
          .containsPattern("(?m)^package policy$")
          .containsPattern("(?m)^import rego.v1$");
      // Rego v1: every rule with a body uses "if"; no v0-only "= value {" heads
      assertThat(text)
          .as(name)
          .doesNotContainPattern("(?m)^[a-z_]+(\\[[^\\]]*\\])?( :?= [^{]+)?(?<! if) \\{$");
    }
  }

  @Test
  void everyAttestationPolicyDefinesAllEightTrustClaims() {
    for (String id : DefaultPolicies.ATTESTATION_POLICY_IDS) {
      String text = DefaultPolicies.text(id);
      for (String claim : TrustVector.CLAIMS) {
        assertThat(text).as(id).contains("\"" + claim + "\": " + claim.replace('-', '_') + ",");
      }
      assertThat(text).as(id).contains("trust_claims := {");
    }
    String gpu = DefaultPolicies.text("default_gpu");
    assertThat(gpu)
        .contains(
            "query_reference_value(\"allowed_vbios_versions\")",
            "query_reference_value(\"allowed_driver_versions\")",
            "default hardware := 97");
    assertThat(DefaultPolicies.text("default_switch"))
        .contains("query_reference_value(\"allowed_switch_bios_versions\")");
    assertThat(DefaultPolicies.text("default_ppcie"))
        .contains("default configuration := 2")
        .doesNotContain("query_reference_value");
  }

  @Test
  void defaultCpuChecksTheDocumentedReferenceValuesAndTheIdentifiersExtension() {
    String text = DefaultPolicies.text("default_cpu");
    assertThat(text)
        .contains(
            "default executables := 33",
            "default hardware := 97",
            "default configuration := 36",
            "\"name\": \"ear.trustee.identifiers\"",
            "\"key\": -18");
    for (String rv :
        List.of(
            "measurement",
            "snp_pcr11",
            "tcb_bootloader",
            "tcb_microcode",
            "tcb_snp",
            "tcb_tee",
            "smt_enabled",
            "tsme_enabled",
            "abi_major",
            "abi_minor",
            "single_socket",
            "smt_allowed",
            "snp_launch_measurement",
            "tpm_pcr11",
            "trusted_aks",
            "launch_digest",
            "svn",
            "major_version",
            "minimum_minor_version")) {
      assertThat(text).as(rv).contains("query_reference_value(\"" + rv + "\")");
    }
  }

  @Test
  void everyQueriedReferenceValueIsMappedToAClaim() {
    // so that the "why denied" record can say what each value was compared with
    for (String id : DefaultPolicies.ATTESTATION_POLICY_IDS) {
      var m =
          java.util.regex.Pattern.compile("query_reference_value\\(\"([a-z0-9_]+)\"\\)")
              .matcher(DefaultPolicies.text(id));
      while (m.find()) {
        String rv = m.group(1);
        boolean mapped =
            List.of(
                    "az-snp-vtpm",
                    "snp",
                    "tdx",
                    "az-tdx-vtpm",
                    "tpm",
                    "sample",
                    "sampledevice",
                    "nvidia")
                .stream()
                .anyMatch(tee -> ClaimPaths.forName(tee, rv).isPresent());
        // tdvfkernel*: compared with UEFI event-log digests, no single claim path;
        // container_image_refs: compared per named image (ContainerImageChecks)
        assertThat(
                mapped
                    || rv.startsWith("tdvfkernel")
                    || rv.equals(ContainerImageChecks.REFERENCE_VALUE))
            .as(id + ": " + rv)
            .isTrue();
      }
    }
  }

  @Test
  void resourcePolicies() {
    assertThat(DefaultPolicies.text(DefaultPolicies.RESOURCE_AFFIRMING_ONLY))
        .contains(
            "default allow := false",
            "submod[\"ear.status\"] == \"affirming\"",
            "count(input.submods) > 0");
    assertThat(DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT))
        .contains(
            "default allow := false",
            "data.plugin == \"resource\"",
            "not input.submods.cpu0[\"ear.veraison.annotated-evidence\"].sample");
  }
}
