package io.trustee.kbs.attestation.snp;

import io.trustee.kbs.attestation.spi.BadEvidenceException;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * The AMD-specific X.509 extensions of a VCEK certificate (OID arc {@code 1.3.6.1.4.1.3704.1}; AMD
 * "Versioned Chip Endorsement Key (VCEK) Certificate and KDS Interface Specification", table "VCEK
 * Certificate Extensions"; spec §7.3).
 *
 * <pre>
 * .2    productName  IA5String, e.g. Milan-B0
 * .3.1  blSPL        INTEGER (u8)
 * .3.2  teeSPL       INTEGER (u8)
 * .3.3  snpSPL       INTEGER (u8)
 * .3.8  ucodeSPL     INTEGER (u8; may carry a leading 0x00, e.g. 02 02 00 DB)
 * .3.9  fmcSPL       INTEGER (u8, Turin only)
 * .4    hwID         64 raw bytes (legacy) or OCTET STRING wrapping them
 * </pre>
 *
 * <p>Each extension may appear at most once (Bouncy Castle's {@link Extensions} refuses repeats).
 * Missing SPLs or hwID are reported when they are used, not when parsing, so a VLEK (which has no
 * hwID) still parses. Immutable and thread-safe.
 */
public final class VcekExtensions {
  static final String ARC = "1.3.6.1.4.1.3704.1";
  static final ASN1ObjectIdentifier PRODUCT_NAME = new ASN1ObjectIdentifier(ARC + ".2");
  static final ASN1ObjectIdentifier BL_SPL = new ASN1ObjectIdentifier(ARC + ".3.1");
  static final ASN1ObjectIdentifier TEE_SPL = new ASN1ObjectIdentifier(ARC + ".3.2");
  static final ASN1ObjectIdentifier SNP_SPL = new ASN1ObjectIdentifier(ARC + ".3.3");
  static final ASN1ObjectIdentifier UCODE_SPL = new ASN1ObjectIdentifier(ARC + ".3.8");
  static final ASN1ObjectIdentifier FMC_SPL = new ASN1ObjectIdentifier(ARC + ".3.9");
  static final ASN1ObjectIdentifier HW_ID = new ASN1ObjectIdentifier(ARC + ".4");
  private static final int HW_ID_SIZE = 64;
  private static final String CHECK = "vcek extension malformed";

  private final Optional<String> productName;
  private final OptionalInt bootLoader;
  private final OptionalInt tee;
  private final OptionalInt snp;
  private final OptionalInt microcode;
  private final OptionalInt fmc;
  private final Optional<byte[]> hwId;

  private VcekExtensions(Extensions ext) throws BadEvidenceException {
    productName = ia5(ext, PRODUCT_NAME);
    bootLoader = spl(ext, BL_SPL);
    tee = spl(ext, TEE_SPL);
    snp = spl(ext, SNP_SPL);
    microcode = spl(ext, UCODE_SPL);
    fmc = spl(ext, FMC_SPL);
    hwId = hwId(ext);
  }

  /**
   * Parses the extensions of a DER certificate.
   *
   * @throws BadEvidenceException {@code vcek extension malformed} for repeated extensions, SPLs
   *     that are not INTEGERs in 0..255, or a hwID of the wrong size
   */
  public static VcekExtensions parse(byte[] certificateDer) throws BadEvidenceException {
    Extensions ext;
    try {
      ext =
          Certificate.getInstance(ASN1Primitive.fromByteArray(certificateDer))
              .getTBSCertificate()
              .getExtensions();
    } catch (RuntimeException | java.io.IOException e) {
      throw new BadEvidenceException(CHECK, "extensions unparsable: " + e.getMessage());
    }
    if (ext == null) {
      throw new BadEvidenceException(CHECK, "certificate has no extensions");
    }
    return new VcekExtensions(ext);
  }

  private static byte[] value(Extensions ext, ASN1ObjectIdentifier oid) {
    Extension e = ext.getExtension(oid);
    return e == null ? null : e.getExtnValue().getOctets();
  }

  private static OptionalInt spl(Extensions ext, ASN1ObjectIdentifier oid)
      throws BadEvidenceException {
    byte[] v = value(ext, oid);
    if (v == null) {
      return OptionalInt.empty();
    }
    try {
      ASN1Integer i = ASN1Integer.getInstance(ASN1Primitive.fromByteArray(v));
      int n =
          i.getValue().bitLength() <= 8 && i.getValue().signum() >= 0
              ? i.getValue().intValue()
              : -1;
      if (n < 0) {
        throw new BadEvidenceException(CHECK, oid + " does not fit in a byte");
      }
      return OptionalInt.of(n);
    } catch (java.io.IOException | RuntimeException e) {
      throw new BadEvidenceException(CHECK, oid + " is not a DER INTEGER");
    }
  }

  private static Optional<String> ia5(Extensions ext, ASN1ObjectIdentifier oid)
      throws BadEvidenceException {
    byte[] v = value(ext, oid);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ASN1IA5String.getInstance(ASN1Primitive.fromByteArray(v)).getString());
    } catch (java.io.IOException | RuntimeException e) {
      throw new BadEvidenceException(CHECK, oid + " is not an IA5String");
    }
  }

  private static Optional<byte[]> hwId(Extensions ext) throws BadEvidenceException {
    byte[] v = value(ext, HW_ID);
    if (v == null) {
      return Optional.empty();
    }
    if (v.length == HW_ID_SIZE) {
      return Optional.of(v); // legacy encoding: the raw bytes
    }
    if (v.length == HW_ID_SIZE + 2 && v[0] == 0x04 && v[1] == HW_ID_SIZE) {
      try {
        return Optional.of(ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(v)).getOctets());
      } catch (java.io.IOException | RuntimeException e) {
        throw new BadEvidenceException(CHECK, "hwID is not an OCTET STRING");
      }
    }
    throw new BadEvidenceException(CHECK, "hwID has " + v.length + " bytes");
  }

  public Optional<String> productName() {
    return productName;
  }

  public OptionalInt bootLoader() {
    return bootLoader;
  }

  public OptionalInt tee() {
    return tee;
  }

  public OptionalInt snp() {
    return snp;
  }

  public OptionalInt microcode() {
    return microcode;
  }

  public OptionalInt fmc() {
    return fmc;
  }

  public Optional<byte[]> hwId() {
    return hwId.map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "VcekExtensions[bl="
        + bootLoader
        + ", tee="
        + tee
        + ", snp="
        + snp
        + ", ucode="
        + microcode
        + ", fmc="
        + fmc
        + ", hwID="
        + hwId.isPresent()
        + "]";
  }
}
