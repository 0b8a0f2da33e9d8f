package io.trustee.kbs.attestation.azsnpvtpm;

import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.util.ByteReader;

/**
 * The report the Azure paravisor (HCL) stores in vTPM NV index {@code 0x01400001} ({@code
 * azsnpvtpm-verification.md} §3; layout from the {@code az-cvm-vtpm} crate). Little-endian.
 *
 * <pre>
 * 0x000   4  header.signature      "HCLA"
 * 0x004   4  header.version        1 or 2
 * 0x008   4  header.report_size    = 0x4D4 + N
 * 0x00C   4  header.request_type   2
 * 0x010   4  header.status         0
 * 0x014  12  header.reserved       zero
 * 0x020 1184 hw_report             SNP attestation report (or TD report for TDX)
 * 0x4C0   4  igvm.data_size        = 20 + N
 * 0x4C4   4  igvm.version          1
 * 0x4C8   4  igvm.report_type      2 = SNP, 4 = TDX
 * 0x4CC   4  igvm.report_data_hash_type  1 = SHA-256 (2 SHA-384, 3 SHA-512)
 * 0x4D0   4  igvm.variable_data_size     N
 * 0x4D4   N  variable_data         UTF-8 JSON (see {@link HclVariableData})
 * ...        zero padding to the NV index size (2600 bytes observed)
 * </pre>
 *
 * <p>Stricter than upstream, which checks only the lengths and the report type: we also require the
 * header signature, header version 1/2, consistent sizes, request type 2, status 0, zero reserved
 * bytes, IGVM version 1 and zero padding. Every genuine report we have satisfies these, and they
 * leave no byte of the report unaccounted for. Immutable and thread-safe.
 */
public final class HclReport {
  static final int OFF_HW_REPORT = 0x020;
  static final int HW_REPORT_SIZE = 1184;
  static final int OFF_IGVM = 0x4C0;
  static final int OFF_VARIABLE_DATA = 0x4D4;
  static final int IGVM_HEADER_SIZE = 20;
  static final long SIGNATURE_HCLA = 0x414C4348L; // "HCLA" read little-endian
  public static final int REPORT_TYPE_SNP = 2;
  public static final int REPORT_TYPE_TDX = 4;
  public static final int HASH_TYPE_SHA256 = 1;
  private static final String CHECK = "hcl report malformed";

  private final long headerVersion;
  private final byte[] hwReport;
  private final int reportType;
  private final long hashType;
  private final byte[] variableData;

  private HclReport(
      long headerVersion, byte[] hwReport, int reportType, long hashType, byte[] variableData) {
    this.headerVersion = headerVersion;
    this.hwReport = hwReport;
    this.reportType = reportType;
    this.hashType = hashType;
    this.variableData = variableData;
  }

  /**
   * Parses a raw HCL report.
   *
   * @throws BadEvidenceException {@code hcl report malformed} (lengths, header, padding) or {@code
   *     hcl report type unsupported} (report type other than 2/4)
   */
  public static HclReport parse(byte[] data) throws BadEvidenceException {
    if (data == null) {
      throw new BadEvidenceException(CHECK, "no report");
    }
    try {
      ByteReader r = new ByteReader(data);
      long signature = r.u32le("header.signature");
      long version = r.u32le("header.version");
      long reportSize = r.u32le("header.report_size");
      long requestType = r.u32le("header.request_type");
      long status = r.u32le("header.status");
      byte[] reserved = r.bytes("header.reserved", 12);
      r.seek("hw_report", OFF_HW_REPORT, 0);
      byte[] hw = r.bytes("hw_report", HW_REPORT_SIZE);
      r.seek("igvm", OFF_IGVM, 0);
      long dataSize = r.u32le("igvm.data_size");
      long igvmVersion = r.u32le("igvm.version");
      long reportType = r.u32le("igvm.report_type");
      long hashType = r.u32le("igvm.report_data_hash_type");
      long n = r.u32le("igvm.variable_data_size");
      if (n > r.remaining()) {
        throw new BadEvidenceException(
            CHECK, "variable data of " + n + " bytes exceeds the report (" + r.remaining() + ")");
      }
      byte[] variable = r.bytes("variable_data", (int) n);
      byte[] padding = r.bytes("padding", r.remaining());
      if (reportType != REPORT_TYPE_SNP && reportType != REPORT_TYPE_TDX) {
        throw new BadEvidenceException("hcl report type unsupported", "report_type " + reportType);
      }
      String bad =
          signature != SIGNATURE_HCLA
              ? "header signature is not HCLA"
              : version != 1 && version != 2
                  ? "header version " + version
                  : reportSize != OFF_VARIABLE_DATA + n
                      ? "header report_size " + reportSize
                      : requestType != 2
                          ? "header request_type " + requestType
                          : status != 0
                              ? "header status " + status
                              : !isZero(reserved)
                                  ? "header reserved bytes not zero"
                                  : dataSize != IGVM_HEADER_SIZE + n
                                      ? "igvm data_size " + dataSize
                                      : igvmVersion != 1
                                          ? "igvm version " + igvmVersion
                                          : !isZero(padding)
                                              ? "padding after the variable data is not zero"
                                              : null;
      if (bad != null) {
        throw new BadEvidenceException(CHECK, bad);
      }
      return new HclReport(version, hw, (int) reportType, hashType, variable);
    } catch (ByteReader.TruncatedException | IllegalArgumentException e) {
      throw new BadEvidenceException(CHECK, e.getMessage());
    }
  }

  private static boolean isZero(byte[] b) {
    int acc = 0;
    for (byte x : b) {
      acc |= x;
    }
    return acc == 0;
  }

  public long headerVersion() {
    return headerVersion;
  }

  /** The 1184-byte hardware report (SNP attestation report when {@link #reportType()} is 2). */
  public byte[] hwReport() {
    return hwReport.clone();
  }

  public int reportType() {
    return reportType;
  }

  public long reportDataHashType() {
    return hashType;
  }

  /** The exact variable-data bytes (hashed as they are; never re-serialised). */
  public byte[] variableData() {
    return variableData.clone();
  }

  @Override
  public String toString() {
    return "HclReport[version="
        + headerVersion
        + ", type="
        + reportType
        + ", variable data "
        + variableData.length
        + " bytes]";
  }
}
