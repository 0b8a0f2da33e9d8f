package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.kbs.attestation.azsnpvtpm.HclReport;
import io.trustee.kbs.attestation.azsnpvtpm.HclVariableData;
import io.trustee.kbs.attestation.snp.SnpAttestationReport;
import io.trustee.kbs.attestation.spi.BadEvidenceException;

/**
 * Fuzz target: the Azure HCL report (IGVM request header, SNP hardware report, runtime claims) and
 * the two structures it carries, parsed in the verifier's order. Typed error: BadEvidenceException.
 */
class HclReportFuzzTest {
  @FuzzTest(maxExecutions = 50_000, maxDuration = "20s")
  void hclReport(byte[] data) {
    FuzzProperty.onlyTypedErrors(
        "HclReport.parse",
        () -> {
          HclReport hcl = HclReport.parse(data);
          hcl.toString();
          HclVariableData.parse(hcl.variableData()).toString();
          SnpAttestationReport.parse(hcl.hwReport());
        },
        BadEvidenceException.class);
  }
}
