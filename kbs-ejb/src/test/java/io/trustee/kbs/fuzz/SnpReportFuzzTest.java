package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.kbs.attestation.snp.SnpAttestationReport;
import io.trustee.kbs.attestation.spi.BadEvidenceException;

/** Fuzz target: the AMD SEV-SNP ATTESTATION_REPORT parser. Typed error: BadEvidenceException. */
class SnpReportFuzzTest {
  @FuzzTest(maxExecutions = 100_000, maxDuration = "20s")
  void snpReport(byte[] data) {
    FuzzProperty.onlyTypedErrors(
        "SnpAttestationReport.parse",
        () -> SnpAttestationReport.parse(data).toString(),
        BadEvidenceException.class);
  }
}
