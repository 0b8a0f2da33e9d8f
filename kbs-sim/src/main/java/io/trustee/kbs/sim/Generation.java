package io.trustee.kbs.sim;

import java.util.Locale;

/**
 * The simulated AMD processor generation: CPUID values written into the report, the names in the
 * chain, and the TCB_VERSION byte layout (AMD SEV-SNP ABI, "TCB_VERSION Structure"). Immutable.
 */
public enum Generation {
  MILAN(0x19, 0x01, 0x01),
  GENOA(0x19, 0x11, 0x01),
  TURIN(0x1A, 0x02, 0x00);

  final int cpuidFamily;
  final int cpuidModel;
  final int cpuidStepping;

  Generation(int family, int model, int stepping) {
    this.cpuidFamily = family;
    this.cpuidModel = model;
    this.cpuidStepping = stepping;
  }

  /** {@code milan}, {@code genoa}, {@code turin}: the prefix of chain file names. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code Milan}, {@code Genoa}, {@code Turin}: as in AMD certificate names. */
  public String displayName() {
    return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
  }

  /** Packs SPLs into the 64-bit little-endian TCB_VERSION of this generation. */
  long packTcb(Tcb tcb) {
    if (this == TURIN) {
      return (long) tcb.fmc()
          | ((long) tcb.bootLoader() << 8)
          | ((long) tcb.tee() << 16)
          | ((long) tcb.snp() << 24)
          | ((long) tcb.microcode() << 56);
    }
    return (long) tcb.bootLoader()
        | ((long) tcb.tee() << 8)
        | ((long) tcb.snp() << 48)
        | ((long) tcb.microcode() << 56);
  }
}
