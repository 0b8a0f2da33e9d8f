package io.trustee.kbs.attestation.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The server settings verifier factories read, taken from {@code KbsSettings} by the service layer
 * (so the setting names, defaults and sources stay in one place).
 *
 * @param sampleTeeEnabled {@code kbs.tee.sample.enabled}
 * @param amdCertsDir {@code kbs.amd.certs-dir}
 * @param amdAllowUnpinnedRoots {@code kbs.amd.allow-unpinned-roots}
 */
public record VerifierSettings(
    boolean sampleTeeEnabled, Path amdCertsDir, boolean amdAllowUnpinnedRoots) {
  public VerifierSettings {
    Objects.requireNonNull(amdCertsDir, "amdCertsDir");
  }
}
