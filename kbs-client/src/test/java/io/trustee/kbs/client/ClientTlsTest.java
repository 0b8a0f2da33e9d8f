package io.trustee.kbs.client;

import static io.trustee.kbs.client.ClientEventLogToRvTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.client.ClientEventLogToRvTest.Run;
import io.trustee.kbs.crypto.Pem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS trust: --cacert, the JDK default (refuses a self-signed server) and --insecure-tls. */
class ClientTlsTest {
  private static FakeKbs kbs;
  private static X509Certificate cert;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    SSLContext ctx = serverContext(dir.resolve("server-ca.pem"));
    cert = (X509Certificate) Pem.readCertificates(dir.resolve("server-ca.pem")).get(0);
    kbs = new FakeKbs(r -> FakeKbs.Reply.json(200, "[\"resource-policy\"]"), ctx);
  }

  /**
   * A server TLS context with a fresh self-signed P-256 certificate for 127.0.0.1, whose PEM is
   * written to {@code caPem} (for {@code --cacert}).
   */
  static SSLContext serverContext(Path caPem) throws Exception {
    KeyPair kp = Pem.generateP256();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=kbs-client test");
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofHours(1))),
            name,
            kp.getPublic());
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    X509Certificate c =
        new JcaX509CertificateConverter()
            .getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pw = "test-only".toCharArray();
    ks.setKeyEntry("kbs", kp.getPrivate(), pw, new X509Certificate[] {c});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    Files.writeString(caPem, Pem.write(c));
    return ctx;
  }

  @AfterAll
  static void stop() {
    kbs.close();
  }

  @Test
  void trustsTheGivenCaCertificate() throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, Pem.write(cert));
    Run r = run("get-resource-policy", "--url", kbs.url(), "--cacert", ca.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("[\"resource-policy\"]");
  }

  @Test
  void refusesAnUntrustedServerByDefault() {
    Run r = run("get-resource-policy", "--url", kbs.url());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("TLS handshake with the KBS failed").contains("--cacert");
  }

  @Test
  void insecureTlsSkipsTheCheck() {
    Run r = run("get-resource-policy", "--url", kbs.url(), "--insecure-tls");
    assertThat(r.status()).as(r.err()).isZero();
  }

  @Test
  void unusableCaFileNamesTheOption() throws Exception {
    Path junk = dir.resolve("junk.pem");
    Files.writeString(junk, "nothing here");
    Run r = run("get-resource-policy", "--url", kbs.url(), "--cacert", junk.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("--cacert " + junk);
  }
}
