package io.trustee.kbs.as;

import com.fasterxml.jackson.core.JsonPointer;
import io.trustee.kbs.attestation.spi.ClaimComparison;
import io.trustee.kbs.attestation.spi.ClaimMapping;
import io.trustee.kbs.attestation.spi.EvidenceVerifierFactory;
import io.trustee.kbs.attestation.spi.TeeRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Which claim of the policy input a reference value is compared with, per TEE, as declared by the
 * TEE's {@link EvidenceVerifierFactory} in the {@link TeeRegistry} (e.g. {@code snp_pcrNN} ↔ {@code
 * az-snp-vtpm.tpm.pcrNN}). Used by the "why denied" record and by promotion. Stateless and
 * thread-safe.
 */
public final class ClaimPaths {

  /**
   * @param path claim path inside the policy input, dotted for display ({@code
   *     az-snp-vtpm.tpm.pcr11})
   * @param pointer the same as a JSON pointer into the input
   * @param measurement true for launch measurements and PCRs (the values {@code promote} may
   *     propose); false for TCB and configuration values
   */
  public record Mapping(
      String path, JsonPointer pointer, ClaimComparison comparison, boolean measurement) {}

  private ClaimPaths() {}

  private static Mapping mapping(String tee, ClaimMapping m) {
    StringBuilder ptr = new StringBuilder("/").append(tee);
    for (String seg : m.claim().split("\\.")) {
      ptr.append('/').append(seg);
    }
    return new Mapping(
        tee + "." + m.claim(),
        JsonPointer.compile(ptr.toString()),
        m.comparison(),
        m.measurement());
  }

  /** The claim {@code rvName} is compared with for {@code tee}, if known (installed TEEs). */
  public static Optional<Mapping> forName(String tee, String rvName) {
    return forName(TeeRegistry.installed(), tee, rvName);
  }

  /** The claim {@code rvName} is compared with for {@code tee} of {@code tees}, if known. */
  public static Optional<Mapping> forName(TeeRegistry tees, String tee, String rvName) {
    return tees.claimMapping(tee, rvName).map(m -> mapping(tee, m));
  }

  /** Every reference-value name mapped for {@code tee} (including its 24 PCR names). */
  public static List<String> names(String tee) {
    return TeeRegistry.installed().referenceValueNames(tee);
  }
}
