package io.trustee.kbs.as;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.attestation.spi.ClaimComparison;
import org.junit.jupiter.api.Test;

class ClaimPathsTest {

  static String path(String tee, String rv) {
    return ClaimPaths.forName(tee, rv).map(ClaimPaths.Mapping::path).orElse(null);
  }

  @Test
  void rvpsSpecTableForAzSnpVtpm() {
    assertThat(path("az-snp-vtpm", "measurement")).isEqualTo("az-snp-vtpm.measurement");
    assertThat(path("az-snp-vtpm", "snp_pcr11")).isEqualTo("az-snp-vtpm.tpm.pcr11");
    assertThat(path("az-snp-vtpm", "snp_pcr03")).isEqualTo("az-snp-vtpm.tpm.pcr03");
    assertThat(path("az-snp-vtpm", "tcb_snp")).isEqualTo("az-snp-vtpm.reported_tcb_snp");
    assertThat(path("az-snp-vtpm", "smt_enabled")).isEqualTo("az-snp-vtpm.platform_smt_enabled");
    assertThat(path("az-snp-vtpm", "abi_minor")).isEqualTo("az-snp-vtpm.policy_abi_minor");
    assertThat(path("az-snp-vtpm", "snp_pcr24")).isNull();
    assertThat(path("az-snp-vtpm", "tdx_pcr11")).isNull();
    assertThat(ClaimPaths.forName("az-snp-vtpm", "snp_pcr11").orElseThrow().pointer().toString())
        .isEqualTo("/az-snp-vtpm/tpm/pcr11");
  }

  @Test
  void otherTees() {
    assertThat(path("az-tdx-vtpm", "tdx_pcr11")).isEqualTo("az-tdx-vtpm.tpm.pcr11");
    assertThat(path("tpm", "tpm_pcr07")).isEqualTo("tpm.pcr07");
    assertThat(path("snp", "snp_launch_measurement")).isEqualTo("snp.measurement");
    assertThat(ClaimPaths.forName("snp", "snp_smt_enabled").orElseThrow().comparison())
        .isEqualTo(ClaimComparison.EQUALS);
    assertThat(ClaimPaths.forName("sample", "minimum_minor_version").orElseThrow().comparison())
        .isEqualTo(ClaimComparison.AT_LEAST);
    assertThat(ClaimPaths.names("az-snp-vtpm"))
        .contains("measurement", "snp_pcr00", "snp_pcr23")
        .hasSize(11 + 24);
  }

  @Test
  void comparisons() throws Exception {
    var json = AzSnpVtpmFixture.JSON;
    assertThat(
            ReferenceValueCheck.compare(
                ClaimComparison.MEMBER, json.readTree("\"24\""), json.readTree("[\"24\",\"25\"]")))
        .isTrue();
    assertThat(
            ReferenceValueCheck.compare(
                ClaimComparison.MEMBER, json.readTree("24"), json.readTree("[\"24\"]")))
        .isFalse();
    assertThat(
            ReferenceValueCheck.compare(
                ClaimComparison.MEMBER, json.readTree("\"24\""), json.readTree("\"24\"")))
        .isFalse();
    assertThat(
            ReferenceValueCheck.compare(
                ClaimComparison.EQUALS, json.readTree("1.0"), json.readTree("1")))
        .isTrue();
    assertThat(
            ReferenceValueCheck.compare(
                ClaimComparison.AT_LEAST, json.readTree("3"), json.readTree("2")))
        .isTrue();
    assertThat(
            ReferenceValueCheck.compare(
                ClaimComparison.AT_LEAST, json.readTree("1"), json.readTree("2")))
        .isFalse();
  }
}
