package io.trustee.kbs.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.as.DefaultPolicies;
import io.trustee.kbs.client.ClientEventLogToRvTest.Run;
import io.trustee.kbs.crypto.Pem;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kbs-client doctor}: each row's ok / warn / FAIL against a fake KBS. */
class ClientDoctorTest {
  private static final String ALL_RVS =
      "[{\"name\":\"measurement\",\"expired\":false},{\"name\":\"snp_pcr03\",\"expired\":false},"
          + "{\"name\":\"snp_pcr08\",\"expired\":false},{\"name\":\"snp_pcr09\",\"expired\":false},"
          + "{\"name\":\"snp_pcr11\",\"expired\":false},{\"name\":\"snp_pcr12\",\"expired\":false}]";

  @TempDir Path dir;
  private FakeKbs kbs;
  private KeyPair adminKeys;
  private Path adminKey;

  /** Replies by path (plus {@code ?query}); admin paths answer 401 without a valid token. */
  private final Map<String, FakeKbs.Reply> replies = new HashMap<>();

  @BeforeEach
  void start() throws Exception {
    adminKeys = Pem.generateEd25519();
    adminKey = dir.resolve("admin.pem");
    Files.writeString(adminKey, Pem.write(adminKeys.getPrivate()));
    kbs = new FakeKbs(route(adminKeys.getPublic()));
    replies.put("/health/ready", FakeKbs.Reply.json(200, "{\"status\":\"UP\",\"checks\":[]}"));
    replies.put("/kbs/v0/resource-policy", FakeKbs.Reply.json(200, "[\"resource-policy\"]"));
    replies.put(
        "/kbs/v0/resource-policy?view=text",
        new FakeKbs.Reply(
            200,
            DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT).getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "text/plain")));
    replies.put("/kbs/v0/resource-policy/dry-run", FakeKbs.Reply.json(200, "{\"allowed\":false}"));
    replies.put(
        "/kbs/v0/status",
        FakeKbs.Reply.json(
            200,
            "{\"tees\":[{\"name\":\"sample\",\"available\":true},{\"name\":\"az-snp-vtpm\","
                + "\"available\":true,\"amd_products\":[\"Milan\",\"Genoa\"]}],\"warnings\":{}}"));
    replies.put("/kbs/v0/reference-value", FakeKbs.Reply.json(200, ALL_RVS));
    replies.put(
        "/.well-known/openid-configuration",
        FakeKbs.Reply.json(200, "{\"jwks_uri\":\"" + kbs.url() + "/.well-known/jwks.json\"}"));
    replies.put("/.well-known/jwks.json", FakeKbs.Reply.json(200, "{\"keys\":[{\"kid\":\"k1\"}]}"));
    replies.put("/kbs/v0/token-keys", FakeKbs.Reply.json(200, "{\"active\":\"k1\",\"keys\":[]}"));
  }

  private Function<FakeKbs.Request, FakeKbs.Reply> route(PublicKey admin) {
    return r -> {
      String key = r.rawPath() + (r.rawQuery() == null ? "" : "?" + r.rawQuery());
      if (r.rawPath().startsWith("/kbs/v0/") && !validToken(r.header("Authorization"), admin)) {
        return FakeKbs.Reply.json(
            401, "{\"type\":\"x/AdminAuthAccess\",\"detail\":\"token signature invalid\"}");
      }
      return replies.getOrDefault(key, FakeKbs.Reply.json(404, "{\"title\":\"Not Found\"}"));
    };
  }

  private static boolean validToken(String header, PublicKey key) {
    if (header == null) {
      return false;
    }
    try {
      ClientAdminTokenTest.verify(header.substring(7), key);
      return true;
    } catch (Throwable e) {
      return false;
    }
  }

  @AfterEach
  void stop() {
    kbs.close();
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    var cl = KbsClient.commandLine(Clock.systemUTC(), out, CliEnvironment.empty());
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    cl.getOut().flush();
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  private Run doctor(String... extra) {
    String[] args = new String[extra.length + 5];
    args[0] = "doctor";
    args[1] = "--url";
    args[2] = kbs.url();
    args[3] = "--admin-key";
    args[4] = adminKey.toString();
    System.arraycopy(extra, 0, args, 5, extra.length);
    return run(args);
  }

  /** The row of {@code check} as printed: {@code <status> <detail>}. */
  private static String row(Run r, String check) {
    return r.out()
        .lines()
        .filter(l -> l.startsWith(check + "  "))
        .findFirst()
        .map(l -> l.substring(check.length()).strip())
        .orElseThrow(() -> new AssertionError("no row " + check + " in\n" + r.out()));
  }

  @Test
  void aHealthyServerPassesEveryCheck() {
    Run r = doctor();
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.out().lines().findFirst().orElseThrow()).matches("CHECK +STATUS +DETAIL");
    assertThat(row(r, "tls")).startsWith("warn").contains("plain http");
    assertThat(row(r, "readiness")).startsWith("ok");
    assertThat(row(r, "admin auth")).startsWith("ok").contains("accepted");
    assertThat(row(r, "amd chains"))
        .isEqualTo("ok      az-snp-vtpm: Milan, Genoa (no chain for Turin)");
    assertThat(row(r, "reference values")).startsWith("ok").contains("snp_pcr11");
    assertThat(row(r, "resource policy"))
        .startsWith("ok")
        .contains("built-in resource_default")
        .contains("sample-TEE guest is refused");
    assertThat(row(r, "token keys")).startsWith("ok").contains("active key k1 is published");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aWrongAdminKeyFailsWithOneLinePerFailedRow() throws Exception {
    Path other = dir.resolve("other.pem");
    Files.writeString(other, Pem.write(Pem.generateEd25519().getPrivate()));
    Run r = run("doctor", "--url", kbs.url(), "--admin-key", other.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(row(r, "admin auth"))
        .startsWith("FAIL")
        .contains("the admin key is refused: HTTP 401 x/AdminAuthAccess: token signature invalid");
    assertThat(row(r, "amd chains")).startsWith("FAIL").contains("/kbs/v0/status: HTTP 401");
    assertThat(r.err())
        .contains("FAIL admin auth: the admin key is refused")
        .contains("FAIL reference values: /kbs/v0/reference-value: HTTP 401")
        .contains("error: 4 of 7 checks failed");
    assertThat(r.err().lines().filter(l -> l.startsWith("FAIL ")).count()).isEqualTo(4);
  }

  @Test
  void withoutAnAdminKeyTheAdminRowsAreSkippedAsWarnings() {
    Run r = run("doctor", "--url", kbs.url());
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(row(r, "admin auth")).startsWith("warn").contains("no admin key given");
    assertThat(row(r, "reference values")).startsWith("warn").contains("needs an admin key");
    assertThat(row(r, "token keys"))
        .startsWith("ok")
        .contains("1 key(s)")
        .contains("active key not compared");
  }

  @Test
  void readinessDownFails() {
    replies.put(
        "/health/ready",
        FakeKbs.Reply.json(
            503, "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"kbs\",\"status\":\"DOWN\"}]}"));
    Run r = doctor();
    assertThat(r.status()).isEqualTo(1);
    assertThat(row(r, "readiness")).startsWith("FAIL").contains("DOWN (kbs)");
  }

  @Test
  void missingRequiredReferenceValuesFailWhileAzSnpVtpmIsOnOffer() {
    replies.put(
        "/kbs/v0/reference-value",
        FakeKbs.Reply.json(
            200,
            "[{\"name\":\"snp_pcr03\",\"expired\":false},{\"name\":\"snp_pcr11\",\"expired\":true}]"));
    Run r = doctor();
    assertThat(r.status()).isEqualTo(1);
    assertThat(row(r, "reference values"))
        .startsWith("FAIL")
        .contains("missing measurement, snp_pcr08, snp_pcr09, snp_pcr12; expired snp_pcr11")
        .contains("kbs-client register-rv");

    replies.put(
        "/kbs/v0/status",
        FakeKbs.Reply.json(
            200,
            "{\"tees\":[{\"name\":\"az-snp-vtpm\",\"available\":false,"
                + "\"problem\":\"kbs.amd.certs-dir /x does not exist\",\"amd_products\":[]}]}"));
    Run off = doctor();
    assertThat(off.status()).as(off.out()).isZero();
    assertThat(row(off, "amd chains"))
        .startsWith("warn")
        .contains("not on offer: kbs.amd.certs-dir /x does not exist");
    assertThat(row(off, "reference values")).startsWith("warn").contains("missing measurement");
  }

  @Test
  void anOlderServerWithoutStatusIsAWarning() {
    replies.remove("/kbs/v0/status");
    Run r = doctor();
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(row(r, "amd chains")).startsWith("warn").contains("no GET /kbs/v0/status");
  }

  @Test
  void aPolicyThatReleasesToAnEnabledSampleTeeIsAWarningAndCustomPoliciesAreNamed() {
    replies.put(
        "/kbs/v0/resource-policy?view=text",
        new FakeKbs.Reply(
            200,
            "package policy\ndefault allow := true\n".getBytes(StandardCharsets.UTF_8),
            Map.of()));
    replies.put("/kbs/v0/resource-policy/dry-run", FakeKbs.Reply.json(200, "{\"allowed\":true}"));
    Run r = doctor();
    assertThat(r.status()).isZero();
    assertThat(row(r, "resource policy"))
        .startsWith("warn")
        .contains("custom (2 lines)")
        .contains("ALLOWED")
        .contains("labs only");
    String dryRun =
        kbs.requests.stream()
            .filter(q -> q.rawPath().equals("/kbs/v0/resource-policy/dry-run"))
            .findFirst()
            .orElseThrow()
            .bodyText();
    assertThat(dryRun)
        .contains("\"ear.veraison.annotated-evidence\":{\"sample\"")
        .contains("\"resource-path\":\"default/doctor/probe\"");
  }

  @Test
  void anActiveKeyMissingFromTheJwksFails() {
    replies.put("/kbs/v0/token-keys", FakeKbs.Reply.json(200, "{\"active\":\"k2\"}"));
    Run r = doctor();
    assertThat(r.status()).isEqualTo(1);
    assertThat(row(r, "token keys")).startsWith("FAIL").contains("active signing key k2 is not in");
    replies.put("/.well-known/jwks.json", FakeKbs.Reply.json(200, "{\"keys\":[]}"));
    assertThat(row(doctor(), "token keys")).startsWith("FAIL").contains("publishes no keys");
  }

  @Test
  void anUnreachableServerFailsEveryRowWithTheReason() {
    Run r = run("doctor", "--url", "http://127.0.0.1:1", "--timeout", "2");
    assertThat(r.status()).isEqualTo(1);
    assertThat(row(r, "readiness")).startsWith("FAIL").contains("cannot reach the KBS");
    assertThat(row(r, "token keys")).startsWith("FAIL").contains("cannot reach the KBS");
  }

  // --- TLS rows -------------------------------------------------------------------------------

  static X509Certificate certificate(Instant notBefore, Instant notAfter, GeneralName... sans)
      throws Exception {
    KeyPair kp = Pem.generateP256();
    X500Name name = new X500Name("CN=doctor test");
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name, BigInteger.TWO, Date.from(notBefore), Date.from(notAfter), name, kp.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
  }

  @Test
  void expiryIsOkWarnOrFail() throws Exception {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    GeneralName local = new GeneralName(GeneralName.dNSName, "localhost");
    Instant start = now.minus(Duration.ofDays(10));
    assertThat(
            DoctorTls.expiry(certificate(start, now.plus(Duration.ofDays(300)), local), now)
                .status())
        .isEqualTo("ok");
    DoctorRow soon =
        DoctorTls.expiry(certificate(start, now.plus(Duration.ofDays(10)), local), now);
    assertThat(soon.status()).isEqualTo("warn");
    assertThat(soon.detail()).contains("10 days left").contains("renew");
    DoctorRow expired =
        DoctorTls.expiry(certificate(start, now.minus(Duration.ofDays(2)), local), now);
    assertThat(expired.status()).isEqualTo("FAIL");
    assertThat(expired.detail()).contains("expired 2026-11-29T00:00:00Z (2 days ago)");
  }

  @Test
  void theHostMustBeInTheSubjectAlternativeNames() throws Exception {
    Instant now = Instant.now();
    X509Certificate c =
        certificate(
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(100)),
            new GeneralName(GeneralName.dNSName, "kbs.example.com"),
            new GeneralName(GeneralName.dNSName, "*.apps.example.com"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    assertThat(DoctorTls.hostName(c, "kbs.example.com").status()).isEqualTo("ok");
    assertThat(DoctorTls.hostName(c, "KBS.Example.com").status()).isEqualTo("ok");
    assertThat(DoctorTls.hostName(c, "kbs.apps.example.com").status()).isEqualTo("ok");
    assertThat(DoctorTls.hostName(c, "a.b.apps.example.com").status()).isEqualTo("FAIL");
    assertThat(DoctorTls.hostName(c, "127.0.0.1").status()).isEqualTo("ok");
    DoctorRow wrong = DoctorTls.hostName(c, "127.0.0.2");
    assertThat(wrong.status()).isEqualTo("FAIL");
    assertThat(wrong.detail())
        .contains("127.0.0.2 is not in the certificate's subject alternative names")
        .contains("kbs.example.com, *.apps.example.com, 127.0.0.1");
    assertThat(DoctorTls.hostName(c, "localhost").status()).isEqualTo("FAIL");
  }

  @Test
  void overTlsTheCertificateIsReportedAndAWrongHostFailsEvenWithInsecureTls() throws Exception {
    Path ca = dir.resolve("ca.pem");
    try (FakeKbs tls = new FakeKbs(route(adminKeys.getPublic()), ClientTlsTest.serverContext(ca))) {
      replies.put(
          "/.well-known/openid-configuration",
          FakeKbs.Reply.json(200, "{\"jwks_uri\":\"" + tls.url() + "/.well-known/jwks.json\"}"));
      Run good =
          run(
              "doctor",
              "--url",
              tls.url(),
              "--cacert",
              ca.toString(),
              "--admin-key",
              adminKey.toString());
      // the test certificate lives one hour: a warning, not a failure
      assertThat(good.status()).as(good.out() + good.err()).isZero();
      assertThat(row(good, "tls certificate")).startsWith("warn").contains("0 days left");
      assertThat(row(good, "tls host name")).startsWith("ok").contains("127.0.0.1 is in the SAN");
      assertThat(row(good, "tls trust")).startsWith("ok").contains("--cacert " + ca);

      String byName = tls.url().replace("127.0.0.1", "localhost");
      Run wrongHost =
          run("doctor", "--url", byName, "--insecure-tls", "--admin-key", adminKey.toString());
      assertThat(wrongHost.status()).isEqualTo(1);
      assertThat(row(wrongHost, "tls host name"))
          .startsWith("FAIL")
          .contains("localhost is not in the certificate's subject alternative names (127.0.0.1)");
      assertThat(row(wrongHost, "tls trust")).startsWith("warn").contains("--insecure-tls");
      assertThat(row(wrongHost, "readiness")).startsWith("ok");
      assertThat(wrongHost.err()).contains("FAIL tls host name: localhost is not in");

      Run untrusted = run("doctor", "--url", tls.url(), "--admin-key", adminKey.toString());
      assertThat(untrusted.status()).isEqualTo(1);
      assertThat(row(untrusted, "tls trust"))
          .startsWith("FAIL")
          .contains("not trusted by the JDK's CA list");
    }
  }
}
