package io.trustee.kbs.attestation.azsnpvtpm;

import static io.trustee.kbs.attestation.spi.ClaimMapping.measurement;
import static io.trustee.kbs.attestation.spi.ClaimMapping.member;

import io.trustee.kbs.attestation.snp.AmdRootStoreException;
import io.trustee.kbs.attestation.spi.ClaimMapping;
import io.trustee.kbs.attestation.spi.EvidenceScheme;
import io.trustee.kbs.attestation.spi.EvidenceVerifierFactory;
import io.trustee.kbs.attestation.spi.PcrBank;
import io.trustee.kbs.attestation.spi.VerifierOffer;
import io.trustee.kbs.attestation.spi.VerifierSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The {@code az-snp-vtpm} TEE (alias {@code azsnpvtpm}): reference values of {@code rvps.md} §5
 * ({@code measurement}, the reported TCB, platform and policy flags, {@code snp_pcrNN} ↔ {@code
 * az-snp-vtpm.tpm.pcrNN}; runbook groups {@code azure-vtpm-snp} and {@code az-snp-vtpm}) and the
 * {@link AzSnpVtpmVerifier} with the AMD chains of {@code kbs.amd.certs-dir} and the report verdict
 * cache of {@code kbs.azsnpvtpm.report-verdict-cache}. Without that directory, or with unusable
 * certificates, the verifier is not offered and the reason becomes a readiness warning. The server
 * re-creates the verifier when the files there change.
 */
public final class AzSnpVtpmTee implements EvidenceVerifierFactory {
  private static final Logger LOG = Logger.getLogger(AzSnpVtpmTee.class.getName());

  /** {@code az-snp-vtpm}. */
  public static final String NAME = AzSnpVtpmVerifier.SCHEME.name();

  private static final List<ClaimMapping> MAPPINGS =
      List.of(
          measurement("measurement", "measurement"),
          member("tcb_bootloader", "reported_tcb_bootloader"),
          member("tcb_tee", "reported_tcb_tee"),
          member("tcb_snp", "reported_tcb_snp"),
          member("tcb_microcode", "reported_tcb_microcode"),
          member("smt_enabled", "platform_smt_enabled"),
          member("tsme_enabled", "platform_tsme_enabled"),
          member("abi_major", "policy_abi_major"),
          member("abi_minor", "policy_abi_minor"),
          member("single_socket", "policy_single_socket"),
          member("smt_allowed", "policy_smt_allowed"));

  private static final PcrBank PCRS =
      new PcrBank("snp", "tpm.pcr", Set.of("azure-vtpm-snp", "az-snp-vtpm"));

  @Override
  public EvidenceScheme scheme() {
    return AzSnpVtpmVerifier.SCHEME;
  }

  @Override
  public List<ClaimMapping> claimMappings() {
    return MAPPINGS;
  }

  @Override
  public Optional<PcrBank> pcrBank() {
    return Optional.of(PCRS);
  }

  /** Names, sizes and modification times of the certificate files (cheap change detection). */
  @Override
  public String inputsFingerprint(VerifierSettings settings) {
    Path dir = settings.amdCertsDir();
    if (!Files.isDirectory(dir)) {
      return "absent";
    }
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir, 2)) {
      files
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(
              f -> {
                try {
                  sb.append(f)
                      .append(':')
                      .append(Files.size(f))
                      .append(':')
                      .append(Files.getLastModifiedTime(f).toMillis())
                      .append(';');
                } catch (IOException e) {
                  sb.append(f).append(":?;");
                }
              });
    } catch (IOException e) {
      return "unreadable";
    }
    return sb.toString();
  }

  /** {@link AzSnpVtpmVerifier#fromAmdCertsDir} on {@code kbs.amd.certs-dir}. */
  @Override
  public VerifierOffer create(VerifierSettings settings) {
    Path dir = settings.amdCertsDir();
    boolean allowUnpinned = settings.amdAllowUnpinnedRoots();
    VerifierOffer offer;
    if (Files.isDirectory(dir)) {
      try {
        AzSnpVtpmVerifier v =
            AzSnpVtpmVerifier.fromAmdCertsDir(
                dir,
                allowUnpinned,
                settings.azSnpVtpmReportVerdictCache(),
                settings.cacheListener());
        LOG.info(
            () ->
                "az-snp-vtpm verifier: AMD chains from "
                    + dir
                    + " for "
                    + v.chainVerifier().roots().generations()
                    + ", report verdict cache "
                    + v.reportSignatureVerifier().verdictCacheSize());
        offer = VerifierOffer.of(v);
      } catch (AmdRootStoreException | RuntimeException e) {
        String problem = "AMD certificates in " + dir + " unusable: " + e.getMessage();
        LOG.severe(
            () -> "kbs.amd.certs-dir: " + problem + "; az-snp-vtpm attestation is unavailable");
        offer = VerifierOffer.unavailable(problem);
      }
    } else {
      String problem =
          "kbs.amd.certs-dir "
              + dir
              + (Files.exists(dir) ? " is not a readable directory" : " does not exist");
      LOG.warning(
          () ->
              problem
                  + ": az-snp-vtpm attestation is unavailable until the "
                  + "AMD certificate chains are installed there (see README)");
      offer = VerifierOffer.unavailable(problem);
    }
    if (allowUnpinned) {
      LOG.warning(
          "INSECURE: kbs.amd.allow-unpinned-roots=true: AMD root keys that are not the "
              + "official ones are accepted. For tests and labs only.");
    }
    return offer;
  }
}
