package io.trustee.kbs.sim;

/**
 * Security patch levels of a simulated platform (each 0..255; {@code fmc} is used on Turin only).
 * Immutable value.
 */
public record Tcb(int bootLoader, int tee, int snp, int microcode, int fmc) {
  public Tcb {
    for (int v : new int[] {bootLoader, tee, snp, microcode, fmc}) {
      if (v < 0 || v > 255) {
        throw new IllegalArgumentException("SPL out of range: " + v);
      }
    }
  }

  /** The values of the real Azure evidence in the test data: bl 4, tee 0, snp 24, ucode 219. */
  public static Tcb azureSample() {
    return new Tcb(4, 0, 24, 219, 0);
  }

  Tcb withSnp(int snp) {
    return new Tcb(bootLoader, tee, snp, microcode, fmc);
  }
}
