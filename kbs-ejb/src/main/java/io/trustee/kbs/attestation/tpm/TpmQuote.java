package io.trustee.kbs.attestation.tpm;

import java.util.List;
import java.util.Objects;

/**
 * A vTPM quote as evidence carries it: the raw RSASSA-PKCS1-v1_5 signature, the signed {@code
 * TPMS_ATTEST} message and the PCR values the guest claims (SHA-256 bank, PCR 0..23 in index
 * order). Nothing is checked here; see {@link QuoteChecks}. Immutable: arrays are copied in and
 * out.
 */
public final class TpmQuote {
  private final byte[] signature;
  private final byte[] message;
  private final List<byte[]> pcrs;

  public TpmQuote(byte[] signature, byte[] message, List<byte[]> pcrs) {
    this.signature = Objects.requireNonNull(signature, "signature").clone();
    this.message = Objects.requireNonNull(message, "message").clone();
    this.pcrs = Objects.requireNonNull(pcrs, "pcrs").stream().map(byte[]::clone).toList();
  }

  public byte[] signature() {
    return signature.clone();
  }

  public byte[] message() {
    return message.clone();
  }

  /** Copies of the PCR values, in the order given. */
  public List<byte[]> pcrs() {
    return pcrs.stream().map(byte[]::clone).toList();
  }

  public int pcrCount() {
    return pcrs.size();
  }

  @Override
  public String toString() {
    return "TpmQuote[" + message.length + "-byte message, " + pcrs.size() + " PCRs]";
  }
}
