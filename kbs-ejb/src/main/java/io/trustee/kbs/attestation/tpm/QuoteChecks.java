package io.trustee.kbs.attestation.tpm;

import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.util.Bytes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.List;

/**
 * The checks of a TPM quote (spec §5, §6 steps 4–6, 16): signature under the AK, nonce ({@code
 * extraData}) and PCR digest. Each failure is a {@link BadEvidenceException} naming the check.
 * Stateless and thread-safe.
 */
public final class QuoteChecks {
  static final int SHA256_SIZE = 32;

  /** Number of PCRs an Azure vTPM quote covers (PCR 0..23 of the SHA-256 bank). */
  public static final int AZURE_PCR_COUNT = 24;

  private QuoteChecks() {}

  /**
   * Verifies the RSASSA-PKCS1-v1_5 SHA-256 signature over the whole message. The signature length
   * must equal the modulus length (checked before the RSA operation).
   *
   * @throws BadEvidenceException {@code quote signature invalid}
   */
  public static void verifySignature(byte[] message, byte[] signature, AttestationKey ak)
      throws BadEvidenceException {
    if (signature.length != ak.signatureLength()) {
      throw new BadEvidenceException(
          "quote signature invalid",
          "signature has " + signature.length + " bytes, AK needs " + ak.signatureLength());
    }
    boolean ok;
    try {
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initVerify(ak.publicKey());
      sig.update(message);
      ok = sig.verify(signature);
    } catch (GeneralSecurityException e) {
      ok = false;
    }
    if (!ok) {
      throw new BadEvidenceException(
          "quote signature invalid", "vTPM quote is not signed by the AK");
    }
  }

  /**
   * Compares {@code extraData} with the expected report data (same length, same bytes; constant
   * time).
   *
   * @throws BadEvidenceException {@code nonce mismatch}
   */
  public static void verifyNonce(TpmsAttest attest, byte[] expectedReportData)
      throws BadEvidenceException {
    if (!Bytes.constantTimeEquals(attest.extraData(), expectedReportData)) {
      throw new BadEvidenceException(
          "nonce mismatch",
          "quote extraData "
              + Bytes.toHex(attest.extraData())
              + " != expected report data "
              + Bytes.toHex(expectedReportData));
    }
  }

  /**
   * Checks that the attestation is a quote, that every PCR value has 32 bytes, that the number of
   * values equals the number of PCRs selected (all selections must be SHA-256), and that SHA-256
   * over the concatenated values equals {@code pcrDigest}.
   *
   * @throws BadEvidenceException {@code attestation not a quote}, {@code pcr length invalid},
   *     {@code pcr selection unsupported}, {@code pcr-digest mismatch}
   */
  public static void verifyPcrDigest(TpmsAttest attest, List<byte[]> pcrs)
      throws BadEvidenceException {
    if (!attest.isQuote()) {
      throw new BadEvidenceException(
          "attestation not a quote", String.format("type 0x%04x", attest.type()));
    }
    requirePcrLengths(pcrs);
    int selected = 0;
    for (PcrSelection s : attest.pcrSelections()) {
      if (s.hashAlg() != TpmsAttest.TPM_ALG_SHA256) {
        throw new BadEvidenceException("pcr selection unsupported", "selection is not SHA-256");
      }
      selected += s.pcrs().size();
    }
    if (selected != pcrs.size()) {
      throw new BadEvidenceException(
          "pcr selection unsupported",
          "quote selects " + selected + " PCRs, evidence has " + pcrs.size());
    }
    MessageDigest md = sha256();
    for (byte[] pcr : pcrs) {
      md.update(pcr);
    }
    byte[] digest = md.digest();
    if (!Bytes.constantTimeEquals(digest, attest.pcrDigest().orElseThrow())) {
      throw new BadEvidenceException(
          "pcr-digest mismatch", "SHA-256 of the PCR values differs from the quote's pcrDigest");
    }
  }

  /**
   * The stricter shape the spec recommends for Azure: exactly one SHA-256 selection covering PCR
   * 0..23, and 24 values.
   *
   * @throws BadEvidenceException {@code pcr selection unsupported}
   */
  public static void requireAzurePcrSelection(TpmsAttest attest, List<byte[]> pcrs)
      throws BadEvidenceException {
    List<PcrSelection> sel = attest.pcrSelections();
    boolean ok =
        sel.size() == 1
            && sel.get(0).hashAlg() == TpmsAttest.TPM_ALG_SHA256
            && sel.get(0)
                .pcrs()
                .equals(java.util.stream.IntStream.range(0, AZURE_PCR_COUNT).boxed().toList())
            && pcrs.size() == AZURE_PCR_COUNT;
    if (!ok) {
      throw new BadEvidenceException(
          "pcr selection unsupported",
          "expected one SHA-256 selection of PCR 0-23 and 24 values, got "
              + sel
              + " and "
              + pcrs.size()
              + " values");
    }
  }

  /**
   * @throws BadEvidenceException {@code pcr length invalid} if a value is not 32 bytes
   */
  public static void requirePcrLengths(List<byte[]> pcrs) throws BadEvidenceException {
    for (int i = 0; i < pcrs.size(); i++) {
      if (pcrs.get(i).length != SHA256_SIZE) {
        throw new BadEvidenceException(
            "pcr length invalid", "PCR " + i + " has " + pcrs.get(i).length + " bytes");
      }
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}
