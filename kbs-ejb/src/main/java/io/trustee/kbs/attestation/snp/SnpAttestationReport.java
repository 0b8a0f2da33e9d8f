package io.trustee.kbs.attestation.snp;

import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.util.ByteReader;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * An AMD SEV-SNP {@code ATTESTATION_REPORT} (1184 bytes, little-endian; AMD SEV-SNP ABI
 * specification, Table "ATTESTATION_REPORT Structure"; {@code azsnpvtpm-verification.md} §4).
 *
 * <pre>
 * 0x000  4  VERSION            0x0C0 32 HOST_DATA          0x1A0 64 CHIP_ID
 * 0x004  4  GUEST_SVN          0x0E0 48 ID_KEY_DIGEST      0x1E0  8 COMMITTED_TCB
 * 0x008  8  POLICY             0x110 48 AUTHOR_KEY_DIGEST  0x1E8  3 CURRENT build/minor/major
 * 0x010 16  FAMILY_ID          0x140 32 REPORT_ID          0x1EC  3 COMMITTED build/minor/major
 * 0x020 16  IMAGE_ID           0x160 32 REPORT_ID_MA       0x1F0  8 LAUNCH_TCB
 * 0x030  4  VMPL               0x180  8 REPORTED_TCB       0x1F8  8 LAUNCH_MIT_VECTOR (v5+)
 * 0x034  4  SIGNATURE_ALGO     0x188  1 CPUID_FAM_ID (v3+) 0x200  8 CURRENT_MIT_VECTOR (v5+)
 * 0x038  8  CURRENT_TCB        0x189  1 CPUID_MOD_ID (v3+) 0x2A0 72 SIGNATURE.R (LE)
 * 0x040  8  PLATFORM_INFO      0x18A  1 CPUID_STEP (v3+)   0x2E8 72 SIGNATURE.S (LE)
 * 0x048  4  KEY_INFO                                       0x330 368 reserved (unsigned)
 * 0x050 64  REPORT_DATA
 * 0x090 48  MEASUREMENT
 * </pre>
 *
 * <p>The signature covers bytes {@code 0x000..0x29F}; {@link #signedBytes()} returns exactly those
 * raw bytes (never a re-encoding). Parse rules follow upstream's {@code sev} crate: VERSION 0 or 1
 * is refused; a version-2 report with an all-zero CHIP_ID (masked) is refused; on version 3+ an
 * unknown CPUID family/model is refused.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out.
 */
public final class SnpAttestationReport {
  /** Total size of the report. */
  public static final int SIZE = 0x4A0;

  static final int OFF_VERSION = 0x000;
  static final int OFF_GUEST_SVN = 0x004;
  static final int OFF_POLICY = 0x008;
  static final int OFF_VMPL = 0x030;
  static final int OFF_SIGNATURE_ALGO = 0x034;
  static final int OFF_CURRENT_TCB = 0x038;
  static final int OFF_PLATFORM_INFO = 0x040;
  static final int OFF_KEY_INFO = 0x048;
  static final int OFF_REPORT_DATA = 0x050;
  static final int OFF_MEASUREMENT = 0x090;
  static final int OFF_HOST_DATA = 0x0C0;
  static final int OFF_REPORTED_TCB = 0x180;
  static final int OFF_CPUID_FAM_ID = 0x188;
  static final int OFF_CHIP_ID = 0x1A0;
  static final int OFF_COMMITTED_TCB = 0x1E0;
  static final int OFF_LAUNCH_TCB = 0x1F0;

  /** Start of the signature; also the length of the signed region. */
  public static final int OFF_SIGNATURE = 0x2A0;

  static final int SIGNATURE_COMPONENT_SIZE = 72;
  static final int OFF_RESERVED_TAIL = 0x330;

  private static final String CHECK = "snp report malformed";

  private final byte[] raw;
  private final long version;
  private final long guestSvn;
  private final long policy;
  private final long vmpl;
  private final long signatureAlgo;
  private final long currentTcb;
  private final long platformInfo;
  private final long keyInfo;
  private final byte[] reportData;
  private final byte[] measurement;
  private final byte[] hostData;
  private final long reportedTcb;
  private final int cpuidFamily;
  private final int cpuidModel;
  private final int cpuidStepping;
  private final byte[] chipId;
  private final long committedTcb;
  private final long launchTcb;
  private final BigInteger signatureR;
  private final BigInteger signatureS;
  private final boolean unsignedTailZero;

  private SnpAttestationReport(byte[] raw) {
    this.raw = raw;
    ByteReader r = new ByteReader(raw);
    r.seek("VERSION", OFF_VERSION, 0);
    version = r.u32le("VERSION");
    r.seek("GUEST_SVN", OFF_GUEST_SVN, 0);
    guestSvn = r.u32le("GUEST_SVN");
    r.seek("POLICY", OFF_POLICY, 0);
    policy = r.u64le("POLICY");
    r.seek("VMPL", OFF_VMPL, 0);
    vmpl = r.u32le("VMPL");
    r.seek("SIGNATURE_ALGO", OFF_SIGNATURE_ALGO, 0);
    signatureAlgo = r.u32le("SIGNATURE_ALGO");
    r.seek("CURRENT_TCB", OFF_CURRENT_TCB, 0);
    currentTcb = r.u64le("CURRENT_TCB");
    r.seek("PLATFORM_INFO", OFF_PLATFORM_INFO, 0);
    platformInfo = r.u64le("PLATFORM_INFO");
    r.seek("KEY_INFO", OFF_KEY_INFO, 0);
    keyInfo = r.u32le("KEY_INFO");
    r.seek("REPORT_DATA", OFF_REPORT_DATA, 0);
    reportData = r.bytes("REPORT_DATA", 64);
    r.seek("MEASUREMENT", OFF_MEASUREMENT, 0);
    measurement = r.bytes("MEASUREMENT", 48);
    r.seek("HOST_DATA", OFF_HOST_DATA, 0);
    hostData = r.bytes("HOST_DATA", 32);
    r.seek("REPORTED_TCB", OFF_REPORTED_TCB, 0);
    reportedTcb = r.u64le("REPORTED_TCB");
    r.seek("CPUID_FAM_ID", OFF_CPUID_FAM_ID, 0);
    cpuidFamily = r.u8("CPUID_FAM_ID");
    cpuidModel = r.u8("CPUID_MOD_ID");
    cpuidStepping = r.u8("CPUID_STEP");
    r.seek("CHIP_ID", OFF_CHIP_ID, 0);
    chipId = r.bytes("CHIP_ID", 64);
    r.seek("COMMITTED_TCB", OFF_COMMITTED_TCB, 0);
    committedTcb = r.u64le("COMMITTED_TCB");
    r.seek("LAUNCH_TCB", OFF_LAUNCH_TCB, 0);
    launchTcb = r.u64le("LAUNCH_TCB");
    r.seek("SIGNATURE.R", OFF_SIGNATURE, 0);
    signatureR = littleEndianUnsigned(r.bytes("SIGNATURE.R", SIGNATURE_COMPONENT_SIZE));
    signatureS = littleEndianUnsigned(r.bytes("SIGNATURE.S", SIGNATURE_COMPONENT_SIZE));
    r.seek("reserved", OFF_RESERVED_TAIL, 0);
    byte[] tail = r.bytes("reserved", SIZE - OFF_RESERVED_TAIL);
    unsignedTailZero = isZero(tail);
    r.expectEnd("SNP attestation report");
  }

  /**
   * Parses exactly {@value #SIZE} bytes.
   *
   * @throws BadEvidenceException {@code snp report malformed} on a wrong length, VERSION 0/1, a
   *     masked CHIP_ID on version 2 or an unknown CPUID on version 3+
   */
  public static SnpAttestationReport parse(byte[] data) throws BadEvidenceException {
    if (data == null || data.length != SIZE) {
      throw new BadEvidenceException(
          CHECK, "length " + (data == null ? "null" : data.length) + ", expected " + SIZE);
    }
    SnpAttestationReport report = new SnpAttestationReport(data.clone());
    if (report.version < 2) {
      throw new BadEvidenceException(CHECK, "unsupported VERSION " + report.version);
    }
    if (report.version == 2 && isZero(report.chipId)) {
      throw new BadEvidenceException(CHECK, "version 2 report with masked CHIP_ID");
    }
    if (report.version >= 3
        && !ProductGeneration.parserAccepts(report.cpuidFamily, report.cpuidModel)) {
      throw new BadEvidenceException(
          CHECK,
          String.format(
              "unknown CPUID family 0x%02x model 0x%02x", report.cpuidFamily, report.cpuidModel));
    }
    return report;
  }

  private static BigInteger littleEndianUnsigned(byte[] le) {
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    return new BigInteger(1, be);
  }

  static boolean isZero(byte[] b) {
    int acc = 0;
    for (byte x : b) {
      acc |= x;
    }
    return acc == 0;
  }

  /** The generation from CPUID (version 3+ only); empty for version 2 or an unmapped model. */
  public Optional<ProductGeneration> generation() {
    if (version < 3) {
      return Optional.empty();
    }
    return ProductGeneration.fromCpuid(cpuidFamily, cpuidModel);
  }

  /** The raw bytes {@code 0x000..0x29F} covered by the ECDSA signature. */
  public byte[] signedBytes() {
    return Arrays.copyOfRange(raw, 0, OFF_SIGNATURE);
  }

  /** The complete raw report. */
  public byte[] rawBytes() {
    return raw.clone();
  }

  public long version() {
    return version;
  }

  public long guestSvn() {
    return guestSvn;
  }

  public long policy() {
    return policy;
  }

  public int policyAbiMinor() {
    return (int) (policy & 0xff);
  }

  public int policyAbiMajor() {
    return (int) ((policy >>> 8) & 0xff);
  }

  public boolean policyBit(int bit) {
    return ((policy >>> bit) & 1) == 1;
  }

  public long vmpl() {
    return vmpl;
  }

  public long signatureAlgo() {
    return signatureAlgo;
  }

  public long currentTcbRaw() {
    return currentTcb;
  }

  public long platformInfo() {
    return platformInfo;
  }

  public boolean platformInfoBit(int bit) {
    return ((platformInfo >>> bit) & 1) == 1;
  }

  public long keyInfo() {
    return keyInfo;
  }

  public byte[] reportData() {
    return reportData.clone();
  }

  public byte[] measurement() {
    return measurement.clone();
  }

  public byte[] hostData() {
    return hostData.clone();
  }

  public long reportedTcbRaw() {
    return reportedTcb;
  }

  public TcbVersion reportedTcb(ProductGeneration generation) {
    return TcbVersion.decompose(reportedTcb, generation);
  }

  public long committedTcbRaw() {
    return committedTcb;
  }

  public long launchTcbRaw() {
    return launchTcb;
  }

  public int cpuidFamily() {
    return cpuidFamily;
  }

  public int cpuidModel() {
    return cpuidModel;
  }

  public int cpuidStepping() {
    return cpuidStepping;
  }

  public byte[] chipId() {
    return chipId.clone();
  }

  /** SIGNATURE.R as an unsigned integer (converted from the 72-byte little-endian field). */
  public BigInteger signatureR() {
    return signatureR;
  }

  /** SIGNATURE.S as an unsigned integer (converted from the 72-byte little-endian field). */
  public BigInteger signatureS() {
    return signatureS;
  }

  /** True if the 368 reserved, unsigned bytes after the signature are all zero. */
  public boolean unsignedTailZero() {
    return unsignedTailZero;
  }

  @Override
  public String toString() {
    return "SnpAttestationReport[version=" + version + ", vmpl=" + vmpl + "]";
  }
}
