package io.trustee.kbs.attestation.azsnpvtpm;

import io.trustee.kbs.attestation.snp.AmdRootStore;
import io.trustee.kbs.attestation.snp.AmdRootStoreException;
import io.trustee.kbs.attestation.snp.ProductGeneration;
import io.trustee.kbs.attestation.snp.ReportSignatureVerifier;
import io.trustee.kbs.attestation.snp.SnpAttestationReport;
import io.trustee.kbs.attestation.snp.TcbVersion;
import io.trustee.kbs.attestation.snp.VcekChainVerifier;
import io.trustee.kbs.attestation.snp.VcekExtensions;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.attestation.spi.EvidenceScheme;
import io.trustee.kbs.attestation.spi.EvidenceVerifier;
import io.trustee.kbs.attestation.spi.TeeClaims;
import io.trustee.kbs.attestation.spi.VerdictCacheListener;
import io.trustee.kbs.attestation.spi.VerifierSettings;
import io.trustee.kbs.attestation.tpm.QuoteChecks;
import io.trustee.kbs.attestation.tpm.TpmQuote;
import io.trustee.kbs.attestation.tpm.TpmsAttest;
import io.trustee.kbs.util.Bytes;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Verifies {@code az-snp-vtpm} evidence (Azure SEV-SNP confidential VM with the paravisor vTPM)
 * exactly as {@code azsnpvtpm-verification.md} §6 lists, in upstream's order, and returns the
 * claims of §9 (TEE class {@code cpu}).
 *
 * <p>Deliberate deviations, all stricter: the HCL report header and padding are checked ({@link
 * HclReport}); the quote must have exactly one SHA-256 selection of PCR 0–23 and 24 values; a quote
 * message with trailing bytes is refused; the 368 unsigned bytes after the SNP signature must be
 * zero; and the chip id is compared with the VCEK's hwID for the CN {@code SEV-VCEK} that AMD
 * actually issues (upstream's comparison is guarded by CN {@code VCEK} and never runs; {@link
 * Options#checkChipId()} can turn ours off). ARK/ASK are trusted through the {@link AmdRootStore}
 * (pinned official roots unless unpinned roots are explicitly allowed).
 *
 * <p>Every failure caused by the evidence is a {@link BadEvidenceException} whose {@code check()}
 * names the failed check (list in {@link #CHECKS}). Thread-safe: the only state is the VCEK verdict
 * cache of the shared {@link VcekChainVerifier} and the report-signature verdict cache of its
 * {@link ReportSignatureVerifier} (both remember successes only, and both skip only the signature
 * computation over identical bytes: every other check runs on every call).
 */
public final class AzSnpVtpmVerifier implements EvidenceVerifier {

  /** {@code az-snp-vtpm}, alias {@code azsnpvtpm}, class {@code cpu}. */
  public static final EvidenceScheme SCHEME =
      new EvidenceScheme("az-snp-vtpm", Set.of("azsnpvtpm"), "cpu");

  /** The names {@link BadEvidenceException#check()} can take, in verification order. */
  public static final List<String> CHECKS =
      List.of(
          "report data missing",
          "evidence malformed",
          "vcek malformed",
          "hcl report malformed",
          "hcl report type unsupported",
          "ak public key not found",
          "quote signature invalid",
          "quote malformed",
          "nonce mismatch",
          "attestation not a quote",
          "pcr length invalid",
          "pcr selection unsupported",
          "pcr-digest mismatch",
          "hcl hash type unsupported",
          "snp report malformed",
          "hcl variable data not bound to snp report",
          "user-data mismatch",
          "cpu generation unsupported",
          "no trusted amd chain",
          "vcek not signed by ask",
          "vcek outside validity period",
          "vcek extension malformed",
          "chip id mismatch",
          "tcb mismatch",
          "report signature invalid",
          "vmpl not 0",
          "init-data mismatch");

  /**
   * Default size of the report-signature verdict cache ({@code
   * kbs.azsnpvtpm.report-verdict-cache}).
   */
  public static final int DEFAULT_REPORT_VERDICT_CACHE =
      VerifierSettings.DEFAULT_REPORT_VERDICT_CACHE;

  /**
   * Tuning knobs.
   *
   * @param checkChipId compare CHIP_ID with the VCEK hwID (default true; see class comment)
   * @param ecdsaBackend implementation of the P-384 report signature check
   * @param reportVerdictCache how many successful report-signature verdicts to remember for
   *     identical report bytes with the identical VCEK (0 = none; see {@link
   *     ReportSignatureVerifier})
   * @param cacheListener told of each lookup in the report-signature verdict cache (metrics)
   */
  public record Options(
      boolean checkChipId,
      ReportSignatureVerifier.Backend ecdsaBackend,
      int reportVerdictCache,
      VerdictCacheListener cacheListener) {
    public Options {
      Objects.requireNonNull(ecdsaBackend, "ecdsaBackend");
      Objects.requireNonNull(cacheListener, "cacheListener");
      if (reportVerdictCache < 0) {
        throw new IllegalArgumentException(
            "reportVerdictCache must not be negative: " + reportVerdictCache);
      }
    }

    /** Without a cache listener. */
    public Options(
        boolean checkChipId, ReportSignatureVerifier.Backend ecdsaBackend, int reportVerdictCache) {
      this(checkChipId, ecdsaBackend, reportVerdictCache, VerdictCacheListener.NONE);
    }

    /** With the default verdict cache size. */
    public Options(boolean checkChipId, ReportSignatureVerifier.Backend ecdsaBackend) {
      this(checkChipId, ecdsaBackend, DEFAULT_REPORT_VERDICT_CACHE);
    }

    public static Options defaults() {
      return new Options(true, ReportSignatureVerifier.defaultVerifier().backend());
    }

    /** These options with another verdict cache size. */
    public Options withReportVerdictCache(int size) {
      return new Options(checkChipId, ecdsaBackend, size, cacheListener);
    }

    /** These options with another cache listener. */
    public Options withCacheListener(VerdictCacheListener listener) {
      return new Options(checkChipId, ecdsaBackend, reportVerdictCache, listener);
    }
  }

  private static final int SHA256_SIZE = 32;

  private final VcekChainVerifier chainVerifier;
  private final ReportSignatureVerifier reportSignature;
  private final Options options;
  private final Clock clock;

  /** A verifier with default options, the system clock and a default-sized VCEK cache. */
  public AzSnpVtpmVerifier(AmdRootStore roots) {
    this(new VcekChainVerifier(roots), Clock.systemUTC(), Options.defaults());
  }

  /**
   * The verifier as a server configures it: AMD chains from {@code kbs.amd.certs-dir} ({@code
   * certsDir}) and {@code kbs.amd.allow-unpinned-roots}.
   *
   * @throws AmdRootStoreException if the directory is unusable (the server must not become ready)
   */
  public static AzSnpVtpmVerifier fromAmdCertsDir(Path certsDir, boolean allowUnpinnedRoots)
      throws AmdRootStoreException {
    return fromAmdCertsDir(certsDir, allowUnpinnedRoots, DEFAULT_REPORT_VERDICT_CACHE);
  }

  /**
   * As {@link #fromAmdCertsDir(Path, boolean)}, with {@code kbs.azsnpvtpm.report-verdict-cache}
   * ({@code reportVerdictCache}, 0 = no cache).
   */
  public static AzSnpVtpmVerifier fromAmdCertsDir(
      Path certsDir, boolean allowUnpinnedRoots, int reportVerdictCache)
      throws AmdRootStoreException {
    return fromAmdCertsDir(
        certsDir, allowUnpinnedRoots, reportVerdictCache, VerdictCacheListener.NONE);
  }

  /**
   * As {@link #fromAmdCertsDir(Path, boolean, int)}, telling {@code cacheListener} of each lookup
   * in the VCEK chain and report-signature verdict caches.
   */
  public static AzSnpVtpmVerifier fromAmdCertsDir(
      Path certsDir,
      boolean allowUnpinnedRoots,
      int reportVerdictCache,
      VerdictCacheListener cacheListener)
      throws AmdRootStoreException {
    return new AzSnpVtpmVerifier(
        new VcekChainVerifier(
            AmdRootStore.load(certsDir, allowUnpinnedRoots),
            VcekChainVerifier.DEFAULT_CACHE_SIZE,
            cacheListener),
        Clock.systemUTC(),
        Options.defaults()
            .withReportVerdictCache(reportVerdictCache)
            .withCacheListener(cacheListener));
  }

  /**
   * Full control, e.g. a fixed clock in tests or a shared chain verifier.
   *
   * @param chainVerifier VCEK → ASK → ARK checks with their verdict cache
   * @param clock time for the VCEK validity period
   * @param options see {@link Options}
   */
  public AzSnpVtpmVerifier(VcekChainVerifier chainVerifier, Clock clock, Options options) {
    this.chainVerifier = Objects.requireNonNull(chainVerifier, "chainVerifier");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
    this.reportSignature =
        new ReportSignatureVerifier(
            options.ecdsaBackend(), options.reportVerdictCache(), options.cacheListener());
  }

  @Override
  public EvidenceScheme scheme() {
    return SCHEME;
  }

  /** The chain verifier (its root store tells whether unpinned roots are in use). */
  public VcekChainVerifier chainVerifier() {
    return chainVerifier;
  }

  /** The report-signature check with its verdict cache (counters for tests and metrics). */
  public ReportSignatureVerifier reportSignatureVerifier() {
    return reportSignature;
  }

  /** True if the AMD roots include one that is not an official, pinned ARK. */
  public boolean usesUnpinnedRoots() {
    return chainVerifier.roots().usesUnpinnedRoots();
  }

  @Override
  public TeeClaims verify(EvidenceInput input) throws BadEvidenceException {
    return new TeeClaims(SCHEME.teeClass(), verifyClaims(input).toJson());
  }

  /** Runs every check and returns the typed claims. */
  public AzSnpVtpmClaims verifyClaims(EvidenceInput input) throws BadEvidenceException {
    // 1. report data is mandatory for this TEE
    byte[] reportData = input.expectedReportData().orElse(null);
    if (reportData == null || reportData.length == 0) {
      throw new BadEvidenceException("report data missing", "unexpected empty report data");
    }
    // 2. evidence (v0/v1/v2), decoding of the HCL report and VCEK (step 9 parsing included)
    AzSnpVtpmEvidence evidence = AzSnpVtpmEvidence.parse(input.evidence());
    TpmQuote quote = evidence.quote();
    // 3. HCL report structure; this verifier handles SNP only
    HclReport hcl = HclReport.parse(evidence.hclReport());
    if (hcl.reportType() != HclReport.REPORT_TYPE_SNP) {
      throw new BadEvidenceException(
          "hcl report type unsupported", "report_type " + hcl.reportType() + " is not SNP");
    }
    // 4. TPM signature under the AK of the variable data
    byte[] variableData = hcl.variableData();
    HclVariableData vars = HclVariableData.parse(variableData);
    byte[] message = quote.message();
    QuoteChecks.verifySignature(message, quote.signature(), vars.attestationKey());
    // 5. nonce
    TpmsAttest attest = TpmsAttest.parse(message);
    QuoteChecks.verifyNonce(attest, reportData);
    // 6. PCR digest (and 16. PCR lengths, checked before hashing)
    List<byte[]> pcrs = quote.pcrs();
    QuoteChecks.verifyPcrDigest(attest, pcrs);
    QuoteChecks.requireAzurePcrSelection(attest, pcrs);
    // 7. HCL <-> SNP binding
    if (hcl.reportDataHashType() != HclReport.HASH_TYPE_SHA256) {
      throw new BadEvidenceException(
          "hcl hash type unsupported", "report_data_hash_type " + hcl.reportDataHashType());
    }
    SnpAttestationReport snp = SnpAttestationReport.parse(hcl.hwReport());
    if (!snp.unsignedTailZero()) {
      throw new BadEvidenceException(
          "snp report malformed", "reserved bytes after the signature are not zero");
    }
    byte[] varDigest = sha256(variableData);
    if (!Bytes.constantTimeEquals(varDigest, Arrays.copyOf(snp.reportData(), SHA256_SIZE))) {
      throw new BadEvidenceException(
          "hcl variable data not bound to snp report",
          "HCL variable data digest doesn't match SNP report data");
    }
    // 8. v2: user-data carries the report data
    if (evidence.version() == 2) {
      byte[] userData = vars.userData();
      if (userData.length < reportData.length
          || !Bytes.constantTimeEquals(Arrays.copyOf(userData, reportData.length), reportData)) {
        throw new BadEvidenceException(
            "user-data mismatch", "User-data in HCL variable data doesn't match report_data");
      }
    }
    // 9.-12. generation, AMD chain, VCEK signature and validity
    X509Certificate vcek = evidence.vcek();
    ProductGeneration generation =
        snp.generation()
            .orElseThrow(
                () ->
                    new BadEvidenceException(
                        "cpu generation unsupported",
                        snp.version() < 3
                            ? "report version 3+ is missing CPU family ID"
                            : String.format(
                                "CPUID family 0x%02x model 0x%02x",
                                snp.cpuidFamily(), snp.cpuidModel())));
    chainVerifier.verify(vcek, generation, clock.instant());
    // 13. VCEK extensions vs report: chip id, then microcode, SNP, TEE, boot loader
    VcekExtensions ext = VcekExtensions.parse(encoded(vcek));
    if (options.checkChipId()) {
      byte[] hwId =
          ext.hwId()
              .orElseThrow(
                  () -> new BadEvidenceException("chip id mismatch", "VCEK has no hwID extension"));
      if (!Bytes.constantTimeEquals(hwId, snp.chipId())) {
        throw new BadEvidenceException("chip id mismatch", "VCEK hwID != report CHIP_ID");
      }
    }
    TcbVersion tcb = snp.reportedTcb(generation);
    compareSpl("microcode", ext.microcode(), tcb.microcode());
    compareSpl("SNP", ext.snp(), tcb.snp());
    compareSpl("TEE", ext.tee(), tcb.tee());
    compareSpl("boot loader", ext.bootLoader(), tcb.bootLoader());
    // 14. report signature (a remembered verdict only for these exact bytes and this exact VCEK)
    reportSignature.verify(snp, vcek);
    // 15. VMPL
    if (snp.vmpl() != 0) {
      throw new BadEvidenceException("vmpl not 0", "VMPL " + snp.vmpl());
    }
    // 17. init data through PCR 8
    if (input.expectedInitDataDigest().isPresent()) {
      checkInitData(input.expectedInitDataDigest().get(), pcrs);
    }
    // 18. claims
    return AzSnpVtpmClaims.of(snp, tcb, attest.extraData(), pcrs);
  }

  private static void compareSpl(String name, OptionalInt fromVcek, int reported)
      throws BadEvidenceException {
    if (fromVcek.isEmpty()) {
      throw new BadEvidenceException("vcek extension malformed", name + " SPL extension missing");
    }
    if (fromVcek.getAsInt() != reported) {
      throw new BadEvidenceException(
          "tcb mismatch",
          name + " version mismatch: VCEK " + fromVcek.getAsInt() + ", report " + reported);
    }
  }

  /**
   * Spec §8: PCR 8 must equal SHA-256(32 zero bytes || digest), i.e. one extend from reset; the
   * digest must have 32 bytes (init-data TOML with {@code algorithm = "sha256"}).
   */
  static void checkInitData(byte[] digest, List<byte[]> pcrs) throws BadEvidenceException {
    if (digest.length != SHA256_SIZE) {
      throw new BadEvidenceException(
          "init-data mismatch", "init-data digest has " + digest.length + " bytes, PCR 8 needs 32");
    }
    if (pcrs.size() <= AzSnpVtpmClaims.INIT_DATA_PCR) {
      throw new BadEvidenceException("init-data mismatch", "no PCR 8 in the quote");
    }
    byte[] expected = sha256(new byte[SHA256_SIZE], digest);
    if (!Bytes.constantTimeEquals(expected, pcrs.get(AzSnpVtpmClaims.INIT_DATA_PCR))) {
      throw new BadEvidenceException("init-data mismatch", "PCR 8 does not carry the init-data");
    }
  }

  private static byte[] encoded(X509Certificate c) throws BadEvidenceException {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new BadEvidenceException("vcek malformed", "cannot encode the VCEK");
    }
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}
