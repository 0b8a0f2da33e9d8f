package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.tpm.TpmsAttest;

/** Fuzz target: the TPM 2.0 TPMS_ATTEST quote structure. Typed error: BadEvidenceException. */
class TpmsAttestFuzzTest {
  @FuzzTest(maxExecutions = 100_000, maxDuration = "20s")
  void tpmsAttest(byte[] data) {
    FuzzProperty.onlyTypedErrors(
        "TpmsAttest.parse",
        () -> {
          TpmsAttest a = TpmsAttest.parse(data);
          a.toString();
          a.signedBytes();
        },
        BadEvidenceException.class);
  }
}
