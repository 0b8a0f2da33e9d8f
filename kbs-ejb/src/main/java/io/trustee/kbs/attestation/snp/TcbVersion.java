package io.trustee.kbs.attestation.snp;

import java.util.OptionalInt;

/**
 * The security patch levels packed in an 8-byte {@code TCB_VERSION} (AMD SEV-SNP ABI, "TCB_VERSION
 * Structure"; spec §4). The byte layout depends on the generation:
 *
 * <pre>
 * byte   Milan/Genoa   Turin
 * 0      BOOT_LOADER   FMC
 * 1      TEE           BOOT_LOADER
 * 2      reserved      TEE
 * 3      reserved      SNP
 * 4-5    reserved      reserved
 * 6      SNP           reserved
 * 7      MICROCODE     MICROCODE
 * </pre>
 *
 * <p>Immutable value; {@code fmc} is present only for Turin.
 */
public record TcbVersion(int bootLoader, int tee, int snp, int microcode, OptionalInt fmc) {

  public TcbVersion {
    checkU8("bootLoader", bootLoader);
    checkU8("tee", tee);
    checkU8("snp", snp);
    checkU8("microcode", microcode);
    if (fmc == null) {
      fmc = OptionalInt.empty();
    }
    fmc.ifPresent(v -> checkU8("fmc", v));
  }

  private static void checkU8(String name, int v) {
    if (v < 0 || v > 0xff) {
      throw new IllegalArgumentException(name + " SPL out of range: " + v);
    }
  }

  /** Splits the little-endian 64-bit value read at a TCB_VERSION offset. */
  public static TcbVersion decompose(long raw, ProductGeneration generation) {
    if (generation == ProductGeneration.TURIN) {
      return new TcbVersion(
          byteAt(raw, 1),
          byteAt(raw, 2),
          byteAt(raw, 3),
          byteAt(raw, 7),
          OptionalInt.of(byteAt(raw, 0)));
    }
    return new TcbVersion(
        byteAt(raw, 0), byteAt(raw, 1), byteAt(raw, 6), byteAt(raw, 7), OptionalInt.empty());
  }

  private static int byteAt(long raw, int index) {
    return (int) ((raw >>> (8 * index)) & 0xff);
  }
}
