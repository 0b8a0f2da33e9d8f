package io.trustee.kbs.attestation.tpm;

import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.util.ByteReader;

/**
 * A marshalled {@code TPMT_SIGNATURE} with an RSA scheme (TPM 2.0 Part 2, §11.3.4 and §11.2.4.5):
 *
 * <pre>
 * sigAlg   u16   TPM_ALG_RSASSA 0x0014 (the only scheme accepted)
 * hash     u16   TPM_ALG_SHA256 0x000B (the only hash accepted)
 * sig      TPM2B_PUBLIC_KEY_RSA   u16 size + bytes
 * </pre>
 *
 * <p>This is what {@code tpm2_quote -f tss} writes; Azure evidence carries only the raw signature
 * bytes. Immutable and thread-safe.
 */
public final class TpmtSignature {
  public static final int TPM_ALG_RSASSA = 0x0014;
  private static final String CHECK = "quote signature malformed";

  private final byte[] signature;

  private TpmtSignature(byte[] signature) {
    this.signature = signature;
  }

  /**
   * Parses a TPMT_SIGNATURE.
   *
   * @throws BadEvidenceException {@code quote signature malformed}: not RSASSA/SHA-256, truncated
   *     or over-long
   */
  public static TpmtSignature parse(byte[] data) throws BadEvidenceException {
    try {
      ByteReader r = new ByteReader(data);
      int alg = r.u16be("sigAlg");
      int hash = r.u16be("hash");
      if (alg != TPM_ALG_RSASSA || hash != TpmsAttest.TPM_ALG_SHA256) {
        throw new BadEvidenceException(
            CHECK, String.format("scheme 0x%04x/0x%04x is not RSASSA/SHA-256", alg, hash));
      }
      byte[] sig = r.bytes("sig", r.u16be("sig.size"));
      r.expectEnd("TPMT_SIGNATURE");
      return new TpmtSignature(sig);
    } catch (ByteReader.TruncatedException | IllegalArgumentException e) {
      throw new BadEvidenceException(CHECK, e.getMessage());
    }
  }

  /** The raw RSASSA-PKCS1-v1_5 signature. */
  public byte[] rawSignature() {
    return signature.clone();
  }
}
