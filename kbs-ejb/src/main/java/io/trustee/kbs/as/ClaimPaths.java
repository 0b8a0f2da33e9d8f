package io.trustee.kbs.as;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which claim a reference value is compared with, per TEE — the table of {@code rvps.md} §5, the
 * upstream default CPU policy's checks and our runbook mapping ({@code snp_pcrNN} ↔ {@code
 * az-snp-vtpm.tpm.pcrNN}, {@code tdx_pcrNN} ↔ {@code az-tdx-vtpm.tpm.pcrNN}, {@code tpm_pcrNN} ↔
 * {@code tpm.pcrNN}). Used by the "why denied" record and by promotion. Stateless and thread-safe.
 */
public final class ClaimPaths {

  /** How the policy compares the claim with the reference value. */
  public enum Comparison {
    /** {@code claim in rv} */
    MEMBER,
    /** {@code claim == rv} */
    EQUALS,
    /** {@code claim >= rv} */
    AT_LEAST
  }

  /**
   * @param path claim path inside the policy input, dotted for display ({@code
   *     az-snp-vtpm.tpm.pcr11})
   * @param pointer the same as a JSON pointer into the input
   * @param measurement true for launch measurements and PCRs (the values {@code promote} may
   *     propose); false for TCB and configuration values
   */
  public record Mapping(
      String path, JsonPointer pointer, Comparison comparison, boolean measurement) {}

  private static final Pattern PCR = Pattern.compile("(snp|tdx|tpm)_pcr(\\d{2})");
  private static final Map<String, String> PCR_TEE =
      Map.of("snp", "az-snp-vtpm", "tdx", "az-tdx-vtpm", "tpm", "tpm");
  private static final Map<String, Map<String, Mapping>> TABLE = new LinkedHashMap<>();

  static {
    String az = "az-snp-vtpm";
    add(az, "measurement", "measurement", Comparison.MEMBER, true);
    add(az, "tcb_bootloader", "reported_tcb_bootloader", Comparison.MEMBER, false);
    add(az, "tcb_tee", "reported_tcb_tee", Comparison.MEMBER, false);
    add(az, "tcb_snp", "reported_tcb_snp", Comparison.MEMBER, false);
    add(az, "tcb_microcode", "reported_tcb_microcode", Comparison.MEMBER, false);
    add(az, "smt_enabled", "platform_smt_enabled", Comparison.MEMBER, false);
    add(az, "tsme_enabled", "platform_tsme_enabled", Comparison.MEMBER, false);
    add(az, "abi_major", "policy_abi_major", Comparison.MEMBER, false);
    add(az, "abi_minor", "policy_abi_minor", Comparison.MEMBER, false);
    add(az, "single_socket", "policy_single_socket", Comparison.MEMBER, false);
    add(az, "smt_allowed", "policy_smt_allowed", Comparison.MEMBER, false);
    String snp = "snp";
    add(snp, "snp_launch_measurement", "measurement", Comparison.MEMBER, true);
    add(snp, "snp_bootloader", "reported_tcb_bootloader", Comparison.MEMBER, false);
    add(snp, "snp_microcode", "reported_tcb_microcode", Comparison.MEMBER, false);
    add(snp, "snp_snp_svn", "reported_tcb_snp", Comparison.MEMBER, false);
    add(snp, "snp_tee_svn", "reported_tcb_tee", Comparison.MEMBER, false);
    add(snp, "snp_smt_enabled", "platform_smt_enabled", Comparison.EQUALS, false);
    add(snp, "snp_tsme_enabled", "platform_tsme_enabled", Comparison.EQUALS, false);
    add(snp, "snp_guest_abi_major", "policy_abi_major", Comparison.EQUALS, false);
    add(snp, "snp_guest_abi_minor", "policy_abi_minor", Comparison.EQUALS, false);
    add(snp, "snp_single_socket", "policy_single_socket", Comparison.EQUALS, false);
    add(snp, "snp_smt_allowed", "policy_smt_allowed", Comparison.EQUALS, false);
    add("tdx", "rtmr_1", "quote.body.rtmr_1", Comparison.MEMBER, true);
    add("tdx", "rtmr_2", "quote.body.rtmr_2", Comparison.MEMBER, true);
    add("tdx", "mr_td", "quote.body.mr_td", Comparison.MEMBER, true);
    add("tdx", "xfam", "quote.body.xfam", Comparison.MEMBER, false);
    add("az-tdx-vtpm", "mr_td", "quote.body.mr_td", Comparison.MEMBER, true);
    add("az-tdx-vtpm", "xfam", "quote.body.xfam", Comparison.MEMBER, false);
    add("tpm", "trusted_aks", "ak_public", Comparison.MEMBER, false);
    add("sampledevice", "device_svn", "svn", Comparison.MEMBER, false);
    add("nvidia", "allowed_vbios_versions", "x-nvidia-gpu-vbios-version", Comparison.MEMBER, false);
    add(
        "nvidia",
        "allowed_driver_versions",
        "x-nvidia-gpu-driver-version",
        Comparison.MEMBER,
        false);
    add(
        "nvidia",
        "allowed_switch_bios_versions",
        "x-nvidia-switch-bios-version",
        Comparison.MEMBER,
        false);
    add("sample", "launch_digest", "launch_digest", Comparison.MEMBER, true);
    add("sample", "svn", "svn", Comparison.MEMBER, false);
    add("sample", "major_version", "platform_version.major", Comparison.EQUALS, false);
    add("sample", "minimum_minor_version", "platform_version.minor", Comparison.AT_LEAST, false);
  }

  private ClaimPaths() {}

  private static void add(String tee, String rv, String claim, Comparison c, boolean m) {
    TABLE.computeIfAbsent(tee, t -> new LinkedHashMap<>()).put(rv, mapping(tee, claim, c, m));
  }

  private static Mapping mapping(String tee, String claim, Comparison c, boolean m) {
    StringBuilder ptr = new StringBuilder("/").append(tee);
    for (String seg : claim.split("\\.")) {
      ptr.append('/').append(seg);
    }
    return new Mapping(tee + "." + claim, JsonPointer.compile(ptr.toString()), c, m);
  }

  /** The claim {@code rvName} is compared with for {@code tee}, if known. */
  public static Optional<Mapping> forName(String tee, String rvName) {
    Matcher pcr = PCR.matcher(rvName);
    if (pcr.matches() && tee.equals(PCR_TEE.get(pcr.group(1)))) {
      int index = Integer.parseInt(pcr.group(2));
      if (index > 23) {
        return Optional.empty();
      }
      String claim = tee.equals("tpm") ? "pcr" + pcr.group(2) : "tpm.pcr" + pcr.group(2);
      return Optional.of(mapping(tee, claim, Comparison.MEMBER, true));
    }
    return Optional.ofNullable(TABLE.getOrDefault(tee, Map.of()).get(rvName));
  }

  /** Every reference-value name mapped for {@code tee} (including its 24 PCR names). */
  public static List<String> names(String tee) {
    List<String> out = new ArrayList<>(TABLE.getOrDefault(tee, Map.of()).keySet());
    PCR_TEE.forEach(
        (prefix, t) -> {
          if (t.equals(tee)) {
            for (int i = 0; i < 24; i++) {
              out.add(String.format("%s_pcr%02d", prefix, i));
            }
          }
        });
    return out;
  }
}
