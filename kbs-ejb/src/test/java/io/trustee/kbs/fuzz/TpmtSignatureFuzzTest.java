package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.tpm.TpmtSignature;

/** Fuzz target: the TPM 2.0 TPMT_SIGNATURE structure. Typed error: BadEvidenceException. */
class TpmtSignatureFuzzTest {
  @FuzzTest(maxExecutions = 100_000, maxDuration = "20s")
  void tpmtSignature(byte[] data) {
    FuzzProperty.onlyTypedErrors(
        "TpmtSignature.parse",
        () -> TpmtSignature.parse(data).rawSignature(),
        BadEvidenceException.class);
  }
}
