package io.trustee.kbs.attestation.tpm;

import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.util.ByteReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A marshalled {@code TPMS_ATTEST} (TPM 2.0 Part 2, §10.12.12; big-endian), the message a TPM signs
 * in {@code TPM2_Quote}.
 *
 * <pre>
 * magic            u32   TPM_GENERATED_VALUE 0xFF544347
 * type             u16   TPM_ST_ATTEST_QUOTE 0x8018 (others are kept unparsed)
 * qualifiedSigner  TPM2B_NAME   u16 size + bytes
 * extraData        TPM2B_DATA   u16 size (&le; 64) + bytes: the qualifying data (nonce)
 * clockInfo        clock u64, resetCount u32, restartCount u32, safe u8
 * firmwareVersion  u64
 * attested.quote   TPMS_QUOTE_INFO: TPML_PCR_SELECTION (count u32, then per selection
 *                  hash u16, sizeofSelect u8, pcrSelect[sizeofSelect]) and TPM2B_DIGEST pcrDigest
 * </pre>
 *
 * <p>{@link #signedBytes()} returns the exact bytes parsed; a quote with trailing bytes is refused
 * (upstream ignores them; they are signed, so refusing costs nothing and keeps one meaning per
 * message). Immutable and thread-safe.
 */
public final class TpmsAttest {
  public static final long TPM_GENERATED_VALUE = 0xFF544347L;
  public static final int TPM_ST_ATTEST_QUOTE = 0x8018;
  public static final int TPM_ALG_SHA256 = 0x000B;
  static final int MAX_EXTRA_DATA = 64;
  static final int MAX_SELECTIONS = 16;
  private static final String CHECK = "quote malformed";

  private final byte[] raw;
  private final int type;
  private final byte[] qualifiedSigner;
  private final byte[] extraData;
  private final long clock;
  private final long resetCount;
  private final long restartCount;
  private final int safe;
  private final long firmwareVersion;
  private final List<PcrSelection> pcrSelections;
  private final byte[] pcrDigest;

  private TpmsAttest(byte[] raw) throws BadEvidenceException {
    this.raw = raw;
    ByteReader r = new ByteReader(raw);
    long magic = r.u32be("magic");
    if (magic != TPM_GENERATED_VALUE) {
      throw new BadEvidenceException(CHECK, String.format("magic 0x%08x", magic));
    }
    type = r.u16be("type");
    qualifiedSigner = r.bytes("qualifiedSigner", r.u16be("qualifiedSigner.size"));
    int extraSize = r.u16be("extraData.size");
    if (extraSize > MAX_EXTRA_DATA) {
      throw new BadEvidenceException(CHECK, "extraData size " + extraSize + " > 64");
    }
    extraData = r.bytes("extraData", extraSize);
    clock = r.u64be("clockInfo.clock");
    resetCount = r.u32be("clockInfo.resetCount");
    restartCount = r.u32be("clockInfo.restartCount");
    safe = r.u8("clockInfo.safe");
    firmwareVersion = r.u64be("firmwareVersion");
    if (type == TPM_ST_ATTEST_QUOTE) {
      long count = r.u32be("pcrSelect.count");
      if (count > MAX_SELECTIONS) {
        throw new BadEvidenceException(CHECK, "pcrSelect.count " + count);
      }
      List<PcrSelection> sel = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int hash = r.u16be("pcrSelect.hash");
        int size = r.u8("pcrSelect.sizeofSelect");
        sel.add(new PcrSelection(hash, r.bytes("pcrSelect.pcrSelect", size)));
      }
      pcrSelections = List.copyOf(sel);
      pcrDigest = r.bytes("pcrDigest", r.u16be("pcrDigest.size"));
      r.expectEnd("TPMS_ATTEST");
    } else {
      pcrSelections = List.of();
      pcrDigest = null;
    }
  }

  /**
   * Parses a marshalled {@code TPMS_ATTEST}.
   *
   * @throws BadEvidenceException {@code quote malformed}: wrong magic, truncated, over-long, or
   *     sizes out of range
   */
  public static TpmsAttest parse(byte[] data) throws BadEvidenceException {
    if (data == null) {
      throw new BadEvidenceException(CHECK, "no message");
    }
    try {
      return new TpmsAttest(data.clone());
    } catch (ByteReader.TruncatedException | IllegalArgumentException e) {
      throw new BadEvidenceException(CHECK, e.getMessage());
    }
  }

  public byte[] signedBytes() {
    return raw.clone();
  }

  public int type() {
    return type;
  }

  public boolean isQuote() {
    return type == TPM_ST_ATTEST_QUOTE;
  }

  public byte[] qualifiedSigner() {
    return qualifiedSigner.clone();
  }

  public byte[] extraData() {
    return extraData.clone();
  }

  public long clock() {
    return clock;
  }

  public long resetCount() {
    return resetCount;
  }

  public long restartCount() {
    return restartCount;
  }

  public int safe() {
    return safe;
  }

  public long firmwareVersion() {
    return firmwareVersion;
  }

  /** The PCR selections of a quote (empty for other attestation types). */
  public List<PcrSelection> pcrSelections() {
    return pcrSelections;
  }

  /** The quote's pcrDigest; empty for other attestation types. */
  public Optional<byte[]> pcrDigest() {
    return Optional.ofNullable(pcrDigest).map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "TpmsAttest[type=0x" + Integer.toHexString(type) + ", " + pcrSelections + "]";
  }
}
