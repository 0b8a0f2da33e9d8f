package io.trustee.kbs.attestation.spi;

/**
 * Told of every lookup in a verifier's verdict cache (for the cache hit and miss metrics). Must be
 * thread-safe and cheap: it is called on the attestation path.
 */
@FunctionalInterface
public interface VerdictCacheListener {
  /** The VCEK → ASK → ARK chain verdicts ({@code attestation/snp/VcekChainVerifier}). */
  String VCEK_CHAIN = "vcek-chain";

  /** The SNP report-signature verdicts ({@code attestation/snp/ReportSignatureVerifier}). */
  String REPORT_SIGNATURE = "report-signature";

  /** A listener that ignores every lookup. */
  VerdictCacheListener NONE = (cache, hit) -> {};

  /** A lookup in {@code cache} ({@link #VCEK_CHAIN}, {@link #REPORT_SIGNATURE}) hit or missed. */
  void lookup(String cache, boolean hit);
}
