package io.trustee.kbs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustee.kbs.rvps.CorimExtractor;
import io.trustee.kbs.rvps.InvalidReferenceValueException;
import java.time.Instant;

/**
 * Fuzz target: the CBOR decoder and the CoRIM/CoMID extractor of the RVPS ({@code corim}
 * registrations). Typed error: InvalidReferenceValueException.
 */
class CorimFuzzTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @FuzzTest(maxExecutions = 50_000, maxDuration = "20s")
  void corim(byte[] data) {
    if (data.length > FuzzProperty.MAX_BODY) {
      return;
    }
    FuzzProperty.onlyTypedErrors(
        "CorimExtractor.extract",
        () -> new CorimExtractor().extract(data, NOW).forEach(Object::toString),
        InvalidReferenceValueException.class);
  }
}
