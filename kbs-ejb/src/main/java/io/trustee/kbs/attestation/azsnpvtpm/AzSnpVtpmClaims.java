package io.trustee.kbs.attestation.azsnpvtpm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.snp.SnpAttestationReport;
import io.trustee.kbs.attestation.snp.TcbVersion;
import io.trustee.kbs.util.Bytes;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The claims of a verified {@code az-snp-vtpm} evidence (spec §9), typed, and their JSON form with
 * exactly upstream's names and encodings: every value a string, {@code measurement} in standard
 * base64, {@code report_data} and {@code init_data} lowercase hex, PCRs under {@code tpm.pcrNN}.
 * Immutable: arrays are copied in and out.
 */
public record AzSnpVtpmClaims(
    int policyAbiMajor,
    int policyAbiMinor,
    boolean policySmtAllowed,
    boolean policyMigrateMa,
    boolean policyDebugAllowed,
    boolean policySingleSocket,
    TcbVersion reportedTcb,
    boolean platformTsmeEnabled,
    boolean platformSmtEnabled,
    byte[] measurement,
    byte[] reportData,
    String initData,
    List<byte[]> pcrs) {

  static final int POLICY_SMT = 16;
  static final int POLICY_MIGRATE_MA = 18;
  static final int POLICY_DEBUG = 19;
  static final int POLICY_SINGLE_SOCKET = 20;
  static final int PLATFORM_SMT_EN = 0;
  static final int PLATFORM_TSME_EN = 1;
  static final int INIT_DATA_PCR = 8;

  public AzSnpVtpmClaims {
    Objects.requireNonNull(reportedTcb, "reportedTcb");
    Objects.requireNonNull(initData, "initData");
    measurement = measurement.clone();
    reportData = reportData.clone();
    pcrs = pcrs.stream().map(byte[]::clone).toList();
  }

  /** Builds the claims of a verified report and quote. */
  static AzSnpVtpmClaims of(
      SnpAttestationReport snp, TcbVersion tcb, byte[] quoteExtraData, List<byte[]> pcrs) {
    String initData =
        pcrs.size() > INIT_DATA_PCR
            ? Bytes.toHex(pcrs.get(INIT_DATA_PCR))
            : Base64.getEncoder().encodeToString(snp.hostData());
    return new AzSnpVtpmClaims(
        snp.policyAbiMajor(),
        snp.policyAbiMinor(),
        snp.policyBit(POLICY_SMT),
        snp.policyBit(POLICY_MIGRATE_MA),
        snp.policyBit(POLICY_DEBUG),
        snp.policyBit(POLICY_SINGLE_SOCKET),
        tcb,
        snp.platformInfoBit(PLATFORM_TSME_EN),
        snp.platformInfoBit(PLATFORM_SMT_EN),
        snp.measurement(),
        quoteExtraData,
        initData,
        pcrs);
  }

  @Override
  public byte[] measurement() {
    return measurement.clone();
  }

  @Override
  public byte[] reportData() {
    return reportData.clone();
  }

  @Override
  public List<byte[]> pcrs() {
    return pcrs.stream().map(byte[]::clone).toList();
  }

  /** The claims object exactly as upstream's verifier emits it. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("policy_abi_major", Integer.toString(policyAbiMajor));
    o.put("policy_abi_minor", Integer.toString(policyAbiMinor));
    o.put("policy_smt_allowed", Boolean.toString(policySmtAllowed));
    o.put("policy_migrate_ma", Boolean.toString(policyMigrateMa));
    o.put("policy_debug_allowed", Boolean.toString(policyDebugAllowed));
    o.put("policy_single_socket", Boolean.toString(policySingleSocket));
    o.put("reported_tcb_bootloader", Integer.toString(reportedTcb.bootLoader()));
    o.put("reported_tcb_tee", Integer.toString(reportedTcb.tee()));
    o.put("reported_tcb_snp", Integer.toString(reportedTcb.snp()));
    o.put("reported_tcb_microcode", Integer.toString(reportedTcb.microcode()));
    o.put("platform_tsme_enabled", Boolean.toString(platformTsmeEnabled));
    o.put("platform_smt_enabled", Boolean.toString(platformSmtEnabled));
    o.put("measurement", Base64.getEncoder().encodeToString(measurement));
    o.put("report_data", Bytes.toHex(reportData));
    o.put("init_data", initData);
    ObjectNode tpm = o.putObject("tpm");
    for (int i = 0; i < pcrs.size(); i++) {
      tpm.put(String.format("pcr%02d", i), Bytes.toHex(pcrs.get(i)));
    }
    return o;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AzSnpVtpmClaims c && c.toJson().equals(toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "AzSnpVtpmClaims" + toJson();
  }
}
