package io.trustee.kbs.attestation.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verifier is asked to check: the TEE-specific evidence JSON exactly as the guest sent it
 * ({@code tee-evidence.primary_evidence}), the report data the evidence must be bound to (for the
 * KBS protocol: SHA-384 of the JCS runtime data, 48 bytes) and, when the guest sent init-data, the
 * digest the evidence must be bound to.
 *
 * <p>Immutable: byte arrays are copied in and out.
 */
public final class EvidenceInput {
  private final JsonNode evidence;
  private final byte[] expectedReportData;
  private final byte[] expectedInitDataDigest;

  public EvidenceInput(
      JsonNode evidence, byte[] expectedReportData, byte[] expectedInitDataDigest) {
    this.evidence = Objects.requireNonNull(evidence, "evidence").deepCopy();
    this.expectedReportData = expectedReportData == null ? null : expectedReportData.clone();
    this.expectedInitDataDigest =
        expectedInitDataDigest == null ? null : expectedInitDataDigest.clone();
  }

  /** A copy of the evidence JSON. */
  public JsonNode evidence() {
    return evidence.deepCopy();
  }

  public Optional<byte[]> expectedReportData() {
    return Optional.ofNullable(expectedReportData).map(byte[]::clone);
  }

  public Optional<byte[]> expectedInitDataDigest() {
    return Optional.ofNullable(expectedInitDataDigest).map(byte[]::clone);
  }
}
