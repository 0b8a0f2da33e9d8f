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
 * @param azSnpVtpmReportVerdictCache {@code kbs.azsnpvtpm.report-verdict-cache}: successful SNP
 *     report-signature verdicts remembered for identical report bytes (0 = none)
 * @param cacheListener told of every lookup in a verifier's verdict cache (the metrics)
 */
public record VerifierSettings(
    boolean sampleTeeEnabled,
    Path amdCertsDir,
    boolean amdAllowUnpinnedRoots,
    int azSnpVtpmReportVerdictCache,
    VerdictCacheListener cacheListener) {
  /** Default of {@code kbs.azsnpvtpm.report-verdict-cache}. */
  public static final int DEFAULT_REPORT_VERDICT_CACHE = 4096;

  public VerifierSettings {
    Objects.requireNonNull(amdCertsDir, "amdCertsDir");
    Objects.requireNonNull(cacheListener, "cacheListener");
    if (azSnpVtpmReportVerdictCache < 0) {
      throw new IllegalArgumentException(
          "azSnpVtpmReportVerdictCache must not be negative: " + azSnpVtpmReportVerdictCache);
    }
  }

  /** Without a cache listener. */
  public VerifierSettings(
      boolean sampleTeeEnabled,
      Path amdCertsDir,
      boolean amdAllowUnpinnedRoots,
      int azSnpVtpmReportVerdictCache) {
    this(
        sampleTeeEnabled,
        amdCertsDir,
        amdAllowUnpinnedRoots,
        azSnpVtpmReportVerdictCache,
        VerdictCacheListener.NONE);
  }

  /** With the default report verdict cache. */
  public VerifierSettings(
      boolean sampleTeeEnabled, Path amdCertsDir, boolean amdAllowUnpinnedRoots) {
    this(sampleTeeEnabled, amdCertsDir, amdAllowUnpinnedRoots, DEFAULT_REPORT_VERDICT_CACHE);
  }
}
