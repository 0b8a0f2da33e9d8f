package io.trustee.kbs.attestation.azsnpvtpm;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.tpm.TpmQuote;
import io.trustee.kbs.util.Bytes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The {@code az-snp-vtpm} evidence JSON (spec §2), in one of three versions:
 *
 * <ul>
 *   <li>v2 / v1: {@code {"version": 2|1, "tpm_quote": {"signature": hex, "message": hex, "pcrs":
 *       [hex…]}, "hcl_report": base64url, "vcek": base64url DER}}; base64url with or without
 *       padding;
 *   <li>v0 (no {@code version}): {@code {"quote": {"signature": [u8…], "message": [u8…], "pcrs":
 *       [[u8…]…]}, "report": [u8…], "vcek": PEM}} (the first certificate of the PEM is used).
 * </ul>
 *
 * <p>We dispatch on {@code version} (integer 2 / 1 / absent) and refuse anything else, as the spec
 * allows; unknown members are ignored. Immutable and thread-safe.
 */
public final class AzSnpVtpmEvidence {
  private static final String CHECK = "evidence malformed";

  private final int version;
  private final TpmQuote quote;
  private final byte[] hclReport;
  private final X509Certificate vcek;

  private AzSnpVtpmEvidence(int version, TpmQuote quote, byte[] hclReport, X509Certificate vcek) {
    this.version = version;
    this.quote = quote;
    this.hclReport = hclReport;
    this.vcek = vcek;
  }

  /**
   * Parses and decodes the evidence; the VCEK is parsed as an X.509 certificate.
   *
   * @throws BadEvidenceException {@code evidence malformed} (shape, base64url, hex, byte arrays) or
   *     {@code vcek malformed}
   */
  public static AzSnpVtpmEvidence parse(JsonNode json) throws BadEvidenceException {
    if (json == null || !json.isObject()) {
      throw new BadEvidenceException(CHECK, "evidence is not a JSON object");
    }
    JsonNode v = json.get("version");
    if (v == null) {
      return parseV0(json);
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || (v.intValue() != 1 && v.intValue() != 2)) {
      throw new BadEvidenceException(CHECK, "unsupported version " + v);
    }
    JsonNode q = object(json, "tpm_quote");
    List<byte[]> pcrs = new ArrayList<>();
    for (JsonNode p : array(q, "pcrs")) {
      pcrs.add(hex(p, "tpm_quote.pcrs[]"));
    }
    TpmQuote quote =
        new TpmQuote(hex(q.get("signature"), "signature"), hex(q.get("message"), "message"), pcrs);
    byte[] hcl = base64Url(json.get("hcl_report"), "hcl_report");
    byte[] vcekDer = base64Url(json.get("vcek"), "vcek");
    return new AzSnpVtpmEvidence(v.intValue(), quote, hcl, derCertificate(vcekDer));
  }

  private static AzSnpVtpmEvidence parseV0(JsonNode json) throws BadEvidenceException {
    JsonNode q = object(json, "quote");
    List<byte[]> pcrs = new ArrayList<>();
    for (JsonNode p : array(q, "pcrs")) {
      pcrs.add(byteArray(p, "quote.pcrs[]"));
    }
    TpmQuote quote =
        new TpmQuote(
            byteArray(q.get("signature"), "signature"),
            byteArray(q.get("message"), "message"),
            pcrs);
    byte[] hcl = byteArray(json.get("report"), "report");
    JsonNode pem = json.get("vcek");
    if (pem == null || !pem.isTextual()) {
      throw new BadEvidenceException(CHECK, "vcek is not PEM text");
    }
    return new AzSnpVtpmEvidence(0, quote, hcl, pemCertificate(pem.asText()));
  }

  private static JsonNode object(JsonNode parent, String name) throws BadEvidenceException {
    JsonNode n = parent.get(name);
    if (n == null || !n.isObject()) {
      throw new BadEvidenceException(CHECK, name + " missing or not an object");
    }
    return n;
  }

  private static JsonNode array(JsonNode parent, String name) throws BadEvidenceException {
    JsonNode n = parent.get(name);
    if (n == null || !n.isArray()) {
      throw new BadEvidenceException(CHECK, name + " missing or not an array");
    }
    return n;
  }

  private static byte[] hex(JsonNode n, String name) throws BadEvidenceException {
    if (n == null || !n.isTextual()) {
      throw new BadEvidenceException(CHECK, name + " missing or not a string");
    }
    try {
      return Bytes.fromHex(n.asText());
    } catch (IllegalArgumentException e) {
      throw new BadEvidenceException(CHECK, name + " is not hex");
    }
  }

  private static byte[] base64Url(JsonNode n, String name) throws BadEvidenceException {
    if (n == null || !n.isTextual()) {
      throw new BadEvidenceException(CHECK, name + " missing or not a string");
    }
    try {
      return Base64.getUrlDecoder().decode(n.asText());
    } catch (IllegalArgumentException e) {
      throw new BadEvidenceException(CHECK, name + " is not base64url");
    }
  }

  private static byte[] byteArray(JsonNode n, String name) throws BadEvidenceException {
    if (n == null || !n.isArray()) {
      throw new BadEvidenceException(CHECK, name + " missing or not a byte array");
    }
    byte[] out = new byte[n.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode e = n.get(i);
      if (!e.isIntegralNumber() || !e.canConvertToInt() || e.intValue() < 0 || e.intValue() > 255) {
        throw new BadEvidenceException(CHECK, name + "[" + i + "] is not a byte");
      }
      out[i] = (byte) e.intValue();
    }
    return out;
  }

  private static X509Certificate derCertificate(byte[] der) throws BadEvidenceException {
    X509Certificate c = generate(der);
    try {
      if (!Arrays.equals(c.getEncoded(), der)) {
        throw new BadEvidenceException("vcek malformed", "trailing or non-DER bytes");
      }
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new BadEvidenceException("vcek malformed", "cannot re-encode");
    }
    return c;
  }

  private static X509Certificate pemCertificate(String pem) throws BadEvidenceException {
    return generate(pem.getBytes(StandardCharsets.US_ASCII));
  }

  private static X509Certificate generate(byte[] bytes) throws BadEvidenceException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(bytes));
    } catch (CertificateException | RuntimeException e) {
      throw new BadEvidenceException("vcek malformed", "not an X.509 certificate");
    }
  }

  /** 0, 1 or 2. */
  public int version() {
    return version;
  }

  public TpmQuote quote() {
    return quote;
  }

  public byte[] hclReport() {
    return hclReport.clone();
  }

  public X509Certificate vcek() {
    return vcek;
  }

  @Override
  public String toString() {
    return "AzSnpVtpmEvidence[v" + version + ", " + quote + "]";
  }
}
