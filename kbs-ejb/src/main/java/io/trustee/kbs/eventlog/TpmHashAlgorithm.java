package io.trustee.kbs.eventlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * The PCR bank hash algorithms an event log can name, with their TPM 2.0 algorithm ids (TCG
 * Algorithm Registry, {@code TPM_ALG_ID}) and digest sizes. The bank names ({@code sha1}, {@code
 * sha256}, …) are the ones used in replay results and reference-value names.
 *
 * <p>Immutable and thread-safe; {@link #newDigest()} returns a fresh, unshared digest.
 */
public enum TpmHashAlgorithm {
  SHA1(0x0004, 20, "sha1", "SHA-1"),
  SHA256(0x000B, 32, "sha256", "SHA-256"),
  SHA384(0x000C, 48, "sha384", "SHA-384"),
  SHA512(0x000D, 64, "sha512", "SHA-512"),
  SM3_256(0x0012, 32, "sm3_256", null);

  private final int algId;
  private final int digestSize;
  private final String bankName;
  private final String jcaName;

  TpmHashAlgorithm(int algId, int digestSize, String bankName, String jcaName) {
    this.algId = algId;
    this.digestSize = digestSize;
    this.bankName = bankName;
    this.jcaName = jcaName;
  }

  public int algId() {
    return algId;
  }

  public int digestSize() {
    return digestSize;
  }

  /** Lower-case bank name, e.g. {@code sha256}. */
  public String bankName() {
    return bankName;
  }

  public static Optional<TpmHashAlgorithm> byAlgId(int algId) {
    for (TpmHashAlgorithm a : values()) {
      if (a.algId == algId) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  public static Optional<TpmHashAlgorithm> byBankName(String name) {
    for (TpmHashAlgorithm a : values()) {
      if (a.bankName.equalsIgnoreCase(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Hashes the concatenation of the given parts with this algorithm. */
  public byte[] hash(byte[]... parts) {
    if (jcaName == null) {
      SM3Digest d = new SM3Digest();
      for (byte[] p : parts) {
        d.update(p, 0, p.length);
      }
      byte[] out = new byte[d.getDigestSize()];
      d.doFinal(out, 0);
      return out;
    }
    try {
      MessageDigest md = MessageDigest.getInstance(jcaName);
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-1/256/384/512.
      throw new IllegalStateException(jcaName + " not available", e);
    }
  }
}
