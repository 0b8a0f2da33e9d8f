package io.trustee.kbs.attestation.tpm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code TPMS_PCR_SELECTION} (TPM 2.0 Part 2, §10.6.2): a hash algorithm and a bitmap where PCR
 * {@code i} is bit {@code i mod 8} of byte {@code i / 8}. Immutable value; the bitmap is copied.
 */
public record PcrSelection(int hashAlg, byte[] bitmap) {

  public PcrSelection {
    if (hashAlg < 0 || hashAlg > 0xffff) {
      throw new IllegalArgumentException("hashAlg out of range");
    }
    bitmap = bitmap.clone();
    if (bitmap.length > 0xff) {
      throw new IllegalArgumentException("sizeofSelect out of range");
    }
  }

  @Override
  public byte[] bitmap() {
    return bitmap.clone();
  }

  /** Selected PCR indices in ascending order (the order of the values in pcrDigest). */
  public List<Integer> pcrs() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < bitmap.length * 8; i++) {
      if ((bitmap[i / 8] & (1 << (i % 8))) != 0) {
        out.add(i);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PcrSelection p && p.hashAlg == hashAlg && Arrays.equals(p.bitmap, bitmap);
  }

  @Override
  public int hashCode() {
    return 31 * hashAlg + Arrays.hashCode(bitmap);
  }

  @Override
  public String toString() {
    return "PcrSelection[alg=0x" + Integer.toHexString(hashAlg) + ", pcrs=" + pcrs() + "]";
  }
}
