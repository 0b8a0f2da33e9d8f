package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.BooleanValue;
import io.trustee.rego.NullValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.ObjectValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * {@code crypto.x509.parse_certificates} and {@code crypto.x509.parse_and_verify_certificates} on
 * the JDK's X.509 support. Certificates are rendered with the field names of Go's {@code
 * x509.Certificate} JSON form (the subset policies use: names, validity, SANs, key usage, CA flags,
 * algorithms, serial number, raw DER). Stateless and thread-safe.
 */
final class X509Builtins {
  private static final Map<String, String> ATTR_OIDS =
      Map.of(
          "CN",
          "2.5.4.3",
          "C",
          "2.5.4.6",
          "O",
          "2.5.4.10",
          "OU",
          "2.5.4.11",
          "L",
          "2.5.4.7",
          "ST",
          "2.5.4.8",
          "STREET",
          "2.5.4.9",
          "SERIALNUMBER",
          "2.5.4.5",
          "POSTALCODE",
          "2.5.4.17",
          "DC",
          "0.9.2342.19200300.100.1.25");
  private static final Map<String, Integer> SIG_ALGS =
      Map.ofEntries(
          Map.entry("MD5withRSA", 2),
          Map.entry("SHA1withRSA", 3),
          Map.entry("SHA256withRSA", 4),
          Map.entry("SHA384withRSA", 5),
          Map.entry("SHA512withRSA", 6),
          Map.entry("SHA1withDSA", 7),
          Map.entry("SHA256withDSA", 8),
          Map.entry("SHA1withECDSA", 9),
          Map.entry("SHA256withECDSA", 10),
          Map.entry("SHA384withECDSA", 11),
          Map.entry("SHA512withECDSA", 12),
          Map.entry("RSASSA-PSS", 13),
          Map.entry("Ed25519", 16));

  private X509Builtins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "crypto.x509.parse_certificates",
        1,
        a -> {
          List<Value> out = new ArrayList<>();
          for (X509Certificate c : certificates(Args.str(a, 0))) {
            out.add(render(c));
          }
          return ArrayValue.of(out);
        });
    reg(m, "crypto.x509.parse_rsa_private_key", 1, a -> rsaPrivateKey(Args.str(a, 0)));
    reg(
        m,
        "crypto.x509.parse_and_verify_certificates",
        1,
        a -> {
          List<X509Certificate> certs;
          try {
            certs = certificates(Args.str(a, 0));
          } catch (BuiltinException e) {
            return ArrayValue.of(BooleanValue.FALSE, ArrayValue.EMPTY);
          }
          if (certs.size() < 2 || !verify(certs)) {
            return ArrayValue.of(BooleanValue.FALSE, ArrayValue.EMPTY);
          }
          return ArrayValue.of(BooleanValue.TRUE, ArrayValue.of(renderAll(certs)));
        });
  }

  /** {@code crypto.x509.parse_rsa_private_key}: a PKCS#1 or PKCS#8 PEM key as an RSA JWK. */
  private static Value rsaPrivateKey(String pem) {
    String t = pem.trim();
    boolean pkcs1 = t.startsWith("-----BEGIN RSA PRIVATE KEY-----");
    String b64 = t.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error("failed to parse PEM block containing the key");
    }
    java.math.BigInteger[] f;
    if (pkcs1) {
      f = derIntegers(der);
      if (f.length < 9) {
        throw BuiltinException.error("x509: failed to parse RSA private key");
      }
      f = java.util.Arrays.copyOfRange(f, 1, 9);
    } else {
      try {
        var k =
            (java.security.interfaces.RSAPrivateCrtKey)
                java.security.KeyFactory.getInstance("RSA")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
        f =
            new java.math.BigInteger[] {
              k.getModulus(),
              k.getPublicExponent(),
              k.getPrivateExponent(),
              k.getPrimeP(),
              k.getPrimeQ(),
              k.getPrimeExponentP(),
              k.getPrimeExponentQ(),
              k.getCrtCoefficient()
            };
      } catch (GeneralSecurityException | ClassCastException e) {
        throw BuiltinException.error("x509: failed to parse RSA private key");
      }
    }
    String[] names = {"n", "e", "d", "p", "q", "dp", "dq", "qi"};
    Map<Value, Value> o = new java.util.TreeMap<>();
    o.put(str("kty"), str("RSA"));
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    for (int i = 0; i < names.length; i++) {
      byte[] b = f[i].toByteArray();
      if (b.length > 1 && b[0] == 0) {
        b = java.util.Arrays.copyOfRange(b, 1, b.length);
      }
      o.put(str(names[i]), str(enc.encodeToString(b)));
    }
    return ObjectValue.of(o);
  }

  /** The INTEGERs of a DER SEQUENCE of INTEGERs (PKCS#1 RSAPrivateKey). */
  private static java.math.BigInteger[] derIntegers(byte[] der) {
    List<java.math.BigInteger> out = new ArrayList<>();
    int[] pos = {0};
    if (der.length < 2 || der[0] != 0x30) {
      throw BuiltinException.error("x509: failed to parse RSA private key");
    }
    pos[0] = 1;
    int seqLen = derLength(der, pos);
    int end = Math.min(der.length, pos[0] + seqLen);
    while (pos[0] < end) {
      if (der[pos[0]] != 0x02) {
        throw BuiltinException.error("x509: failed to parse RSA private key");
      }
      pos[0]++;
      int len = derLength(der, pos);
      if (pos[0] + len > der.length) {
        throw BuiltinException.error("x509: failed to parse RSA private key");
      }
      out.add(new java.math.BigInteger(java.util.Arrays.copyOfRange(der, pos[0], pos[0] + len)));
      pos[0] += len;
    }
    return out.toArray(new java.math.BigInteger[0]);
  }

  private static int derLength(byte[] der, int[] pos) {
    if (pos[0] >= der.length) {
      throw BuiltinException.error("x509: failed to parse RSA private key");
    }
    int b = der[pos[0]++] & 0xff;
    if (b < 0x80) {
      return b;
    }
    int n = b & 0x7f;
    if (n > 4 || pos[0] + n > der.length) {
      throw BuiltinException.error("x509: failed to parse RSA private key");
    }
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[pos[0]++] & 0xff);
    }
    return len;
  }

  private static List<Value> renderAll(List<X509Certificate> certs) {
    List<Value> out = new ArrayList<>();
    for (X509Certificate c : certs) {
      out.add(render(c));
    }
    return out;
  }

  /** Verifies the chain as OPA orders it: certs[0] is the root, the last one the leaf. */
  private static boolean verify(List<X509Certificate> certs) {
    try {
      X509Certificate root = certs.get(0);
      List<X509Certificate> leafFirst = new ArrayList<>(certs.subList(1, certs.size()));
      java.util.Collections.reverse(leafFirst);
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      var path = cf.generateCertPath(leafFirst);
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
      params.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(path, params);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  static List<X509Certificate> certificates(String input) {
    byte[] bytes;
    String t = input.trim();
    if (t.startsWith("-----BEGIN")) {
      bytes = t.getBytes(StandardCharsets.US_ASCII);
    } else {
      try {
        bytes = Base64.getMimeDecoder().decode(t);
        String maybePem = new String(bytes, StandardCharsets.US_ASCII);
        if (maybePem.trim().startsWith("-----BEGIN")) {
          bytes = maybePem.trim().getBytes(StandardCharsets.US_ASCII);
        }
      } catch (IllegalArgumentException e) {
        throw BuiltinException.error("failed to decode certificates: " + e.getMessage());
      }
    }
    try {
      Collection<? extends java.security.cert.Certificate> cs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
      List<X509Certificate> out = new ArrayList<>();
      for (var c : cs) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw BuiltinException.error("x509: malformed certificate");
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("x509: " + e.getMessage());
    }
  }

  private static Value str(String s) {
    return StringValue.of(s);
  }

  static Value strings(List<String> l) {
    if (l == null || l.isEmpty()) {
      return NullValue.INSTANCE;
    }
    List<Value> out = new ArrayList<>();
    for (String s : l) {
      out.add(str(s));
    }
    return ArrayValue.of(out);
  }

  static Value name(X500Principal p) {
    Map<String, List<String>> byType = new LinkedHashMap<>();
    List<Value> names = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(p.getName(X500Principal.RFC2253)).getRdns()) {
        String type = rdn.getType().toUpperCase();
        String value =
            rdn.getValue() instanceof byte[] b
                ? new String(b, StandardCharsets.UTF_8)
                : String.valueOf(rdn.getValue());
        byType.computeIfAbsent(type, k -> new ArrayList<>()).add(value);
        String oid = ATTR_OIDS.getOrDefault(type, type);
        List<Value> parts = new ArrayList<>();
        for (String seg : oid.split("\\.")) {
          try {
            parts.add(NumberValue.of(Long.parseLong(seg)));
          } catch (NumberFormatException e) {
            parts.add(str(seg));
          }
        }
        Map<Value, Value> atv = new LinkedHashMap<>();
        atv.put(str("Type"), ArrayValue.of(parts));
        atv.put(str("Value"), str(value));
        names.add(ObjectValue.of(atv));
      }
    } catch (InvalidNameException e) {
      throw BuiltinException.error("x509: bad name " + e.getMessage());
    }
    Map<Value, Value> o = new LinkedHashMap<>();
    o.put(str("Country"), strings(byType.get("C")));
    o.put(str("Organization"), strings(byType.get("O")));
    o.put(str("OrganizationalUnit"), strings(byType.get("OU")));
    o.put(str("Locality"), strings(byType.get("L")));
    o.put(str("Province"), strings(byType.get("ST")));
    o.put(str("StreetAddress"), strings(byType.get("STREET")));
    o.put(str("PostalCode"), strings(byType.get("POSTALCODE")));
    List<String> sn = byType.get("SERIALNUMBER");
    o.put(str("SerialNumber"), str(sn == null ? "" : sn.get(0)));
    List<String> cn = byType.get("CN");
    o.put(str("CommonName"), str(cn == null ? "" : cn.get(0)));
    o.put(str("Names"), names.isEmpty() ? NullValue.INSTANCE : ArrayValue.of(names));
    o.put(str("ExtraNames"), NullValue.INSTANCE);
    return ObjectValue.of(o);
  }

  /** Go's {@code x509.PublicKeyAlgorithm} number for a key. */
  static Value publicKeyAlgorithm(java.security.PublicKey k) {
    return NumberValue.of(
        switch (k.getAlgorithm()) {
          case "RSA" -> 1;
          case "DSA" -> 2;
          case "EC" -> 3;
          case "Ed25519", "EdDSA" -> 4;
          default -> 0;
        });
  }

  /** A public key as Go's JSON encoding renders it (RSA: N, E; ECDSA: Curve, X, Y). */
  static Value publicKey(java.security.PublicKey k) {
    Map<Value, Value> pk = new LinkedHashMap<>();
    if (k instanceof RSAPublicKey rsa) {
      pk.put(str("N"), NumberValue.of(new BigDecimal(rsa.getModulus())));
      pk.put(str("E"), NumberValue.of(new BigDecimal(rsa.getPublicExponent())));
    } else if (k instanceof ECPublicKey ec) {
      pk.put(str("Curve"), ObjectValue.EMPTY);
      pk.put(str("X"), NumberValue.of(new BigDecimal(ec.getW().getAffineX())));
      pk.put(str("Y"), NumberValue.of(new BigDecimal(ec.getW().getAffineY())));
    } else if (k.getAlgorithm().equals("Ed25519") || k.getAlgorithm().equals("EdDSA")) {
      // ed25519.PublicKey is a byte slice, which Go's JSON encodes as base64
      byte[] spki = k.getEncoded();
      return str(
          Base64.getEncoder()
              .encodeToString(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
    }
    return ObjectValue.of(pk);
  }

  private static Value time(java.util.Date d) {
    return str(
        DateTimeFormatter.ISO_INSTANT.format(
            Instant.ofEpochMilli(d.getTime()).truncatedTo(ChronoUnit.SECONDS)));
  }

  private static Value render(X509Certificate c) {
    Map<Value, Value> o = new LinkedHashMap<>();
    Base64.Encoder b64 = Base64.getEncoder();
    try {
      o.put(str("Raw"), str(b64.encodeToString(c.getEncoded())));
      o.put(str("RawTBSCertificate"), str(b64.encodeToString(c.getTBSCertificate())));
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("x509: " + e.getMessage());
    }
    o.put(str("Signature"), str(b64.encodeToString(c.getSignature())));
    o.put(str("SignatureAlgorithm"), NumberValue.of(SIG_ALGS.getOrDefault(c.getSigAlgName(), 0)));
    o.put(str("PublicKeyAlgorithm"), publicKeyAlgorithm(c.getPublicKey()));
    o.put(str("PublicKey"), publicKey(c.getPublicKey()));
    o.put(str("Version"), NumberValue.of(c.getVersion()));
    o.put(str("SerialNumber"), NumberValue.of(new BigDecimal(c.getSerialNumber())));
    o.put(str("Issuer"), name(c.getIssuerX500Principal()));
    o.put(str("Subject"), name(c.getSubjectX500Principal()));
    o.put(str("NotBefore"), time(c.getNotBefore()));
    o.put(str("NotAfter"), time(c.getNotAfter()));
    int ku = 0;
    boolean[] usage = c.getKeyUsage();
    if (usage != null) {
      for (int i = 0; i < usage.length && i < 9; i++) {
        if (usage[i]) {
          ku |= 1 << i;
        }
      }
    }
    o.put(str("KeyUsage"), NumberValue.of(ku));
    o.put(
        str("BasicConstraintsValid"),
        BooleanValue.of(c.getBasicConstraints() != -1 || c.getExtensionValue("2.5.29.19") != null));
    o.put(str("IsCA"), BooleanValue.of(c.getBasicConstraints() != -1));
    int bc = c.getBasicConstraints();
    o.put(str("MaxPathLen"), NumberValue.of(bc == Integer.MAX_VALUE ? -1 : Math.max(bc, 0)));
    List<String> dns = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    try {
      if (c.getSubjectAlternativeNames() != null) {
        for (List<?> san : c.getSubjectAlternativeNames()) {
          int type = (Integer) san.get(0);
          String v = String.valueOf(san.get(1));
          switch (type) {
            case 1 -> emails.add(v);
            case 2 -> dns.add(v);
            case 6 -> uris.add(v);
            case 7 -> ips.add(v);
            default -> {}
          }
        }
      }
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("x509: " + e.getMessage());
    }
    o.put(str("DNSNames"), strings(dns));
    o.put(str("EmailAddresses"), strings(emails));
    o.put(str("IPAddresses"), strings(ips));
    o.put(str("URIs"), strings(uris));
    return ObjectValue.of(o);
  }
}
