package io.trustee.kbs.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
  @TempDir Path dir;

  @Test
  void ecKeyRoundTripsThroughPkcs8Pem() throws Exception {
    KeyPair kp = Pem.generateP256();
    String pem = Pem.write(kp.getPrivate());
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Pem.parsePrivateKey(pem, "t")).isEqualTo(kp.getPrivate());
    assertThat(Pem.parsePublicKey(Pem.write(kp.getPublic()), "t")).isEqualTo(kp.getPublic());
  }

  @Test
  void readsSec1EcAndPkcs1RsaKeys() throws Exception {
    KeyPair ec = Pem.generateP256();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair rsa = g.generateKeyPair();
    // SEC1 as openssl writes it: ECPrivateKey with the named-curve parameters inside.
    java.security.interfaces.ECPrivateKey ecp =
        (java.security.interfaces.ECPrivateKey) ec.getPrivate();
    byte[] sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
                256,
                ecp.getS(),
                new org.bouncycastle.asn1.x9.X962Parameters(
                    org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1))
            .getEncoded();
    byte[] pkcs1 =
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(rsa.getPrivate().getEncoded())
            .parsePrivateKey()
            .toASN1Primitive()
            .getEncoded();
    String ecPem = pem("EC PRIVATE KEY", sec1);
    String rsaPem = pem("RSA PRIVATE KEY", pkcs1);
    assertThat(((java.security.interfaces.ECPrivateKey) Pem.parsePrivateKey(ecPem, "t")).getS())
        .isEqualTo(ecp.getS());
    assertThat(Pem.parsePrivateKey(rsaPem, "t").getEncoded())
        .isEqualTo(rsa.getPrivate().getEncoded());
  }

  private static String pem(String type, byte[] der) throws Exception {
    java.io.StringWriter sw = new java.io.StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(new org.bouncycastle.util.io.pem.PemObject(type, der));
    }
    return sw.toString();
  }

  @Test
  void ed25519PublicKeyRoundTrips() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    assertThat(Pem.parsePublicKey(Pem.write(kp.getPublic()), "t").getAlgorithm())
        .isIn("Ed25519", "EdDSA");
  }

  @Test
  void missingFileNamesPath() {
    Path p = dir.resolve("nope.pem");
    assertThatThrownBy(() -> Pem.readPrivateKey(p))
        .isInstanceOf(PemException.class)
        .hasMessageContaining("nope.pem");
  }

  @Test
  void garbageHasNoKey() {
    assertThatThrownBy(() -> Pem.parsePrivateKey("hello", "x")).isInstanceOf(PemException.class);
    assertThatThrownBy(() -> Pem.parseCertificates("", "x")).hasMessageContaining("no certificate");
  }

  @Test
  void selfSignedKeystoreIsOwnerOnlyAndLoads() throws Exception {
    Path ks = dir.resolve("tls/key.p12");
    char[] pw = "pw-from-env".toCharArray();
    X509Certificate cert = TlsKeystores.writeSelfSignedKeystore(ks, "kbs.example", pw);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ks)))
        .isEqualTo("rw-------");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(new ByteArrayInputStream(Files.readAllBytes(ks)), pw);
    assertThat(store.getCertificate("default")).isEqualTo(cert);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=kbs.example");
    cert.verify(cert.getPublicKey());
  }

  @Test
  void pkcs12FromOperatorPemFiles() throws Exception {
    KeyPair kp = Pem.generateP256();
    Path key = dir.resolve("privateKey");
    Path crt = dir.resolve("certificate");
    Files.writeString(key, Pem.write(kp.getPrivate()));
    Files.writeString(
        crt,
        Pem.write(
            TlsKeystores.selfSignedCertificate(kp, "kbs", List.of("kbs"), Duration.ofDays(1))));
    char[] pw = "from-env".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(new ByteArrayInputStream(TlsKeystores.pkcs12FromPem(key, crt, "default", pw)), pw);
    assertThat(ks.getKey("default", pw).getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
  }

  @Test
  void pkcs12FromPemRefusesMismatchedCertificate() throws Exception {
    Path key = dir.resolve("privateKey");
    Path crt = dir.resolve("certificate");
    Files.writeString(key, Pem.write(Pem.generateP256().getPrivate()));
    Files.writeString(
        crt,
        Pem.write(
            TlsKeystores.selfSignedCertificate(
                Pem.generateP256(), "kbs", List.of(), Duration.ofDays(1))));
    assertThatThrownBy(() -> TlsKeystores.pkcs12FromPem(key, crt, "default", "x".toCharArray()))
        .isInstanceOf(PemException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void certificateChainParsesInOrder() throws Exception {
    KeyPair a = Pem.generateP256();
    KeyPair b = Pem.generateP256();
    X509Certificate ca = TlsKeystores.selfSignedCertificate(a, "a", List.of(), Duration.ofDays(1));
    X509Certificate cb = TlsKeystores.selfSignedCertificate(b, "b", List.of(), Duration.ofDays(1));
    List<X509Certificate> chain = Pem.parseCertificates(Pem.write(ca) + Pem.write(cb), "t");
    assertThat(chain).containsExactly(ca, cb);
  }
}
