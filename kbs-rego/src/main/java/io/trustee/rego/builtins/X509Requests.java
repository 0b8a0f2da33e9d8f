package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.NullValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * {@code crypto.x509.parse_certificate_request}: a PKCS #10 request (PEM, or base64 of PEM or DER)
 * rendered with the field names of Go's {@code x509.CertificateRequest}. Stateless.
 */
final class X509Requests {
  private static final String CSR_PEM = "-----BEGIN CERTIFICATE REQUEST-----";

  /** Go's {@code x509.SignatureAlgorithm} numbers by OID (RSASSA-PSS is resolved by hash). */
  private static final Map<String, Integer> SIG_OIDS =
      Map.ofEntries(
          Map.entry("1.2.840.113549.1.1.4", 2),
          Map.entry("1.2.840.113549.1.1.5", 3),
          Map.entry("1.2.840.113549.1.1.11", 4),
          Map.entry("1.2.840.113549.1.1.12", 5),
          Map.entry("1.2.840.113549.1.1.13", 6),
          Map.entry("1.2.840.10040.4.3", 7),
          Map.entry("2.16.840.1.101.3.4.3.2", 8),
          Map.entry("1.2.840.10045.4.1", 9),
          Map.entry("1.2.840.10045.4.3.2", 10),
          Map.entry("1.2.840.10045.4.3.3", 11),
          Map.entry("1.2.840.10045.4.3.4", 12),
          Map.entry("1.3.101.112", 16));

  private static final Map<String, String> KEY_ALGS =
      Map.of(
          "1.2.840.113549.1.1.1", "RSA",
          "1.2.840.10045.2.1", "EC",
          "1.2.840.10040.4.1", "DSA",
          "1.3.101.112", "Ed25519");

  private X509Requests() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(m, "crypto.x509.parse_certificate_request", 1, a -> parse(Args.str(a, 0)));
  }

  private static Value parse(String input) {
    byte[] bytes;
    if (input.startsWith(CSR_PEM)) {
      bytes = input.getBytes(StandardCharsets.US_ASCII);
    } else {
      bytes = stdBase64(input);
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int begin = text.indexOf("-----BEGIN ");
    if (begin >= 0) {
      bytes =
          Pem.block(
              text.substring(begin),
              "CERTIFICATE REQUEST",
              "invalid PEM-encoded certificate signing request");
    }
    return render(bytes);
  }

  /** Go's {@code base64.StdEncoding}: padding required, line breaks ignored. */
  static byte[] stdBase64(String input) {
    String t = input.replace("\r", "").replace("\n", "");
    if (t.length() % 4 != 0) {
      throw BuiltinException.error("illegal base64 data at input byte " + (t.length() / 4 * 4));
    }
    try {
      return Base64.getDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error("illegal base64 data: " + e.getMessage());
    }
  }

  private static Value render(byte[] der) {
    Der.Tlv csr = Der.parse(der);
    List<Der.Tlv> top = sequence(csr, 3);
    Der.Tlv info = top.get(0);
    List<Der.Tlv> fields = sequence(info, 3);
    Der.Tlv subject = fields.get(1);
    Der.Tlv spki = fields.get(2);
    List<Der.Tlv> sigAlg = sequence(top.get(1), 1);
    Map<Value, Value> o = new LinkedHashMap<>();
    Base64.Encoder b64 = Base64.getEncoder();
    o.put(str("Raw"), str(b64.encodeToString(csr.encoded())));
    o.put(str("RawTBSCertificateRequest"), str(b64.encodeToString(info.encoded())));
    o.put(str("RawSubjectPublicKeyInfo"), str(b64.encodeToString(spki.encoded())));
    o.put(str("RawSubject"), str(b64.encodeToString(subject.encoded())));
    o.put(str("Version"), NumberValue.of(new java.math.BigDecimal(fields.get(0).integer())));
    o.put(str("Signature"), str(b64.encodeToString(top.get(2).bits())));
    o.put(str("SignatureAlgorithm"), NumberValue.of(signatureAlgorithm(sigAlg)));
    PublicKey key = publicKey(spki);
    o.put(
        str("PublicKeyAlgorithm"),
        key == null ? NumberValue.of(0) : X509Builtins.publicKeyAlgorithm(key));
    o.put(str("PublicKey"), key == null ? NullValue.INSTANCE : X509Builtins.publicKey(key));
    try {
      o.put(str("Subject"), X509Builtins.name(new X500Principal(subject.encoded())));
    } catch (IllegalArgumentException e) {
      throw Der.structure("bad subject name");
    }
    List<String> dns = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    for (Der.Tlv attrs : fields.subList(3, fields.size())) {
      if (attrs.tag() == 0xa0) {
        sans(attrs, dns, emails, ips, uris);
      }
    }
    o.put(str("DNSNames"), X509Builtins.strings(dns));
    o.put(str("EmailAddresses"), X509Builtins.strings(emails));
    o.put(str("IPAddresses"), X509Builtins.strings(ips));
    o.put(str("URIs"), X509Builtins.strings(uris));
    return ObjectValue.of(o);
  }

  /** Subject alternative names from the PKCS #9 extensionRequest attribute. */
  private static void sans(
      Der.Tlv attrs, List<String> dns, List<String> emails, List<String> ips, List<String> uris) {
    for (Der.Tlv attr : attrs.children()) {
      List<Der.Tlv> av = attr.children();
      if (av.size() != 2 || !av.get(0).oid().equals("1.2.840.113549.1.9.14")) {
        continue;
      }
      for (Der.Tlv exts : av.get(1).children()) {
        for (Der.Tlv ext : exts.children()) {
          List<Der.Tlv> e = ext.children();
          if (e.isEmpty() || !e.get(0).oid().equals("2.5.29.17")) {
            continue;
          }
          Der.Tlv value = e.get(e.size() - 1);
          for (Der.Tlv gn : Der.parse(value.content()).children()) {
            String v = new String(gn.content(), StandardCharsets.UTF_8);
            switch (gn.tag()) {
              case 0x81 -> emails.add(v);
              case 0x82 -> dns.add(v);
              case 0x86 -> uris.add(v);
              case 0x87 -> {
                try {
                  ips.add(InetAddress.getByAddress(gn.content()).getHostAddress());
                } catch (UnknownHostException ex) {
                  throw Der.structure("bad IP address in subject alternative name");
                }
              }
              default -> {}
            }
          }
        }
      }
    }
  }

  private static int signatureAlgorithm(List<Der.Tlv> algId) {
    String oid = algId.get(0).oid();
    if (oid.equals("1.2.840.113549.1.1.10")) {
      String params = algId.size() > 1 ? hexOf(algId.get(1).content()) : "";
      // RSASSA-PSS: the hash OID in the parameters picks SHA256/384/512WithRSAPSS
      if (params.contains("608648016503040201")) {
        return 13;
      }
      if (params.contains("608648016503040202")) {
        return 14;
      }
      if (params.contains("608648016503040203")) {
        return 15;
      }
      return 0;
    }
    return SIG_OIDS.getOrDefault(oid, 0);
  }

  private static String hexOf(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }

  private static PublicKey publicKey(Der.Tlv spki) {
    String alg = KEY_ALGS.get(sequence(sequence(spki, 2).get(0), 1).get(0).oid());
    if (alg == null) {
      return null;
    }
    try {
      return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki.encoded()));
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("x509: failed to parse public key: " + e.getMessage());
    }
  }

  /** The children of a SEQUENCE with at least {@code min} elements. */
  private static List<Der.Tlv> sequence(Der.Tlv t, int min) {
    if (t.tag() != 0x30) {
      throw Der.structure("expected a SEQUENCE");
    }
    List<Der.Tlv> c = t.children();
    if (c.size() < min) {
      throw Der.structure("sequence truncated");
    }
    return c;
  }

  private static Value str(String s) {
    return StringValue.of(s);
  }
}
