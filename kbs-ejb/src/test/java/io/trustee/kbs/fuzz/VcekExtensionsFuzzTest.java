package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.kbs.attestation.snp.VcekExtensions;
import io.trustee.kbs.attestation.spi.BadEvidenceException;

/**
 * Fuzz target: the AMD extensions of a VCEK certificate (DER, via Bouncy Castle's ASN.1 reader):
 * SPL integers, product name, hwID. Typed error: BadEvidenceException.
 */
class VcekExtensionsFuzzTest {
  @FuzzTest(maxExecutions = 50_000, maxDuration = "20s")
  void vcekExtensions(byte[] der) {
    FuzzProperty.onlyTypedErrors(
        "VcekExtensions.parse",
        () -> {
          VcekExtensions e = VcekExtensions.parse(der);
          e.toString();
          e.bootLoader();
          e.tee();
          e.snp();
          e.hwId();
        },
        BadEvidenceException.class);
  }
}
