package io.trustee.kbs.attestation.upstream;

import static io.trustee.kbs.attestation.spi.ClaimMapping.equal;
import static io.trustee.kbs.attestation.spi.ClaimMapping.measurement;
import static io.trustee.kbs.attestation.spi.ClaimMapping.member;

import io.trustee.kbs.attestation.spi.ClaimMapping;
import io.trustee.kbs.attestation.spi.EvidenceScheme;
import io.trustee.kbs.attestation.spi.EvidenceVerifierFactory;
import io.trustee.kbs.attestation.spi.PcrBank;
import io.trustee.kbs.attestation.spi.VerifierOffer;
import io.trustee.kbs.attestation.spi.VerifierSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The TEEs upstream Trustee knows that this KBS knows by name only (kbs-protocol.md §3.1): a guest
 * may name them in {@code /auth}, their reference values map to the claims the upstream default
 * policies check ({@code rvps.md} §5), and runbook groups for their PCRs are recognised, but no
 * verifier is offered, so attesting them fails as "unsupported TEE". One nested class per TEE, each
 * registered for {@link java.util.ServiceLoader}.
 *
 * <p>When one of them gets a verifier, its class here and its {@code META-INF/services} line move
 * into the TEE's own package (like {@code attestation.azsnpvtpm}).
 */
public final class UpstreamTees {
  private UpstreamTees() {}

  /** A TEE without a verifier here. */
  abstract static class NameOnly implements EvidenceVerifierFactory {
    private final EvidenceScheme scheme;
    private final List<ClaimMapping> mappings;
    private final Optional<PcrBank> pcrs;

    NameOnly(EvidenceScheme scheme, List<ClaimMapping> mappings, PcrBank pcrs) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      this.mappings = List.copyOf(mappings);
      this.pcrs = Optional.ofNullable(pcrs);
    }

    NameOnly(String name, String teeClass) {
      this(new EvidenceScheme(name, Set.of(), teeClass), List.of(), null);
    }

    @Override
    public final EvidenceScheme scheme() {
      return scheme;
    }

    @Override
    public final List<ClaimMapping> claimMappings() {
      return mappings;
    }

    @Override
    public final Optional<PcrBank> pcrBank() {
      return pcrs;
    }

    @Override
    public final VerifierOffer create(VerifierSettings settings) {
      return VerifierOffer.none();
    }
  }

  /** {@code snp}: bare-metal SEV-SNP; the upstream default CPU policy's {@code snp_*} values. */
  public static final class Snp extends NameOnly {
    public Snp() {
      super(
          new EvidenceScheme("snp", Set.of(), "cpu"),
          List.of(
              measurement("snp_launch_measurement", "measurement"),
              member("snp_bootloader", "reported_tcb_bootloader"),
              member("snp_microcode", "reported_tcb_microcode"),
              member("snp_snp_svn", "reported_tcb_snp"),
              member("snp_tee_svn", "reported_tcb_tee"),
              equal("snp_smt_enabled", "platform_smt_enabled"),
              equal("snp_tsme_enabled", "platform_tsme_enabled"),
              equal("snp_guest_abi_major", "policy_abi_major"),
              equal("snp_guest_abi_minor", "policy_abi_minor"),
              equal("snp_single_socket", "policy_single_socket"),
              equal("snp_smt_allowed", "policy_smt_allowed")),
          null);
    }
  }

  /** {@code tdx}: Intel TDX. */
  public static final class Tdx extends NameOnly {
    public Tdx() {
      super(
          new EvidenceScheme("tdx", Set.of(), "cpu"),
          List.of(
              measurement("rtmr_1", "quote.body.rtmr_1"),
              measurement("rtmr_2", "quote.body.rtmr_2"),
              measurement("mr_td", "quote.body.mr_td"),
              member("xfam", "quote.body.xfam")),
          null);
    }
  }

  /**
   * {@code az-tdx-vtpm} (alias {@code aztdxvtpm}): Azure TDX confidential VM with the paravisor
   * vTPM; {@code tdx_pcrNN} ↔ {@code az-tdx-vtpm.tpm.pcrNN}, runbook groups {@code azure-vtpm-tdx}
   * and {@code az-tdx-vtpm}.
   */
  public static final class AzTdxVtpm extends NameOnly {
    public AzTdxVtpm() {
      super(
          new EvidenceScheme("az-tdx-vtpm", Set.of("aztdxvtpm"), "cpu"),
          List.of(measurement("mr_td", "quote.body.mr_td"), member("xfam", "quote.body.xfam")),
          new PcrBank("tdx", "tpm.pcr", Set.of("azure-vtpm-tdx", "az-tdx-vtpm")));
    }
  }

  /** {@code tpm}: a plain TPM; {@code tpm_pcrNN} ↔ {@code tpm.pcrNN}, runbook group {@code tpm}. */
  public static final class Tpm extends NameOnly {
    public Tpm() {
      super(
          new EvidenceScheme("tpm", Set.of(), "cpu"),
          List.of(member("trusted_aks", "ak_public")),
          new PcrBank("tpm", "pcr", Set.of("tpm")));
    }
  }

  /** {@code nvidia}: NVIDIA GPUs (a device TEE). */
  public static final class Nvidia extends NameOnly {
    public Nvidia() {
      super(
          new EvidenceScheme("nvidia", Set.of(), "gpu"),
          List.of(
              member("allowed_vbios_versions", "x-nvidia-gpu-vbios-version"),
              member("allowed_driver_versions", "x-nvidia-gpu-driver-version"),
              member("allowed_switch_bios_versions", "x-nvidia-switch-bios-version")),
          null);
    }
  }

  /** {@code sampledevice}: upstream's development device TEE. */
  public static final class SampleDevice extends NameOnly {
    public SampleDevice() {
      super(
          new EvidenceScheme("sampledevice", Set.of(), "gpu"),
          List.of(member("device_svn", "svn")),
          null);
    }
  }

  /** {@code sgx}: Intel SGX (DCAP). */
  public static final class Sgx extends NameOnly {
    public Sgx() {
      super("sgx", "cpu");
    }
  }

  /** {@code cca}: Arm CCA. */
  public static final class Cca extends NameOnly {
    public Cca() {
      super("cca", "cpu");
    }
  }

  /** {@code csv}: Hygon CSV. */
  public static final class Csv extends NameOnly {
    public Csv() {
      super("csv", "cpu");
    }
  }

  /** {@code se}: IBM Secure Execution. */
  public static final class Se extends NameOnly {
    public Se() {
      super("se", "cpu");
    }
  }

  /** {@code hygondcu}: Hygon DCU (a device TEE). */
  public static final class HygonDcu extends NameOnly {
    public HygonDcu() {
      super("hygondcu", "gpu");
    }
  }
}
