package io.trustee.kbs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.TlsKeystores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LibertyServerConfigTest {
  @TempDir Path dir;
  Path data;
  Path tlsKey;
  Path tlsCrt;
  X509Certificate cert;

  @BeforeEach
  void pemPair() throws Exception {
    data = dir.resolve("data");
    KeyPair kp = Pem.generateP256();
    cert = TlsKeystores.selfSignedCertificate(kp, "kbs", List.of("kbs"), Duration.ofDays(1));
    tlsKey = dir.resolve("privateKey");
    tlsCrt = dir.resolve("certificate");
    Files.writeString(tlsKey, Pem.write(kp.getPrivate()));
    Files.writeString(tlsCrt, Pem.write(cert));
  }

  static final String LAYOUT_A_HTTP =
      """
      [http_server]
      sockets = ["0.0.0.0:8080"]
      insecure_http = true

      [admin]
      insecure_api = true
      """;

  static final String LAYOUT_A_HTTPS =
      """
      [http_server]
      sockets = ["0.0.0.0:8443"]
      insecure_http = false
      private_key = "@KEY@"
      certificate = "@CRT@"
      @EXTRA@

      [admin]
      insecure_api = true
      """;

  static final String LAYOUT_F_HTTPS =
      """
      {
        "sockets": ["127.0.0.1:9443"],
        "insecure_http": false,
        "private_key": "@KEY@",
        "certificate": "@CRT@",
        "insecure_api": true
      }
      """;

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(
        f,
        text.replace("@KEY@", tlsKey.toString())
            .replace("@CRT@", tlsCrt.toString())
            .replace("@EXTRA@", ""));
    return f;
  }

  private LibertyServerConfig.Dropin generate(String name, String text) throws Exception {
    return LibertyServerConfig.generate(KbsConfigFile.load(write(name, text)), data);
  }

  private LibertyServerConfig.Dropin https(String extra) throws Exception {
    return generate("https.toml", LAYOUT_A_HTTPS.replace("@EXTRA@", extra));
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static Optional<String> variable(Document d, String name) {
    NodeList vs = d.getElementsByTagName("variable");
    for (int i = 0; i < vs.getLength(); i++) {
      Element v = (Element) vs.item(i);
      if (v.getAttribute("name").equals(name)) {
        return Optional.of(v.getAttribute("value"));
      }
    }
    return Optional.empty();
  }

  private static Optional<Element> element(Document d, String tag) {
    NodeList n = d.getElementsByTagName(tag);
    assertThat(n.getLength()).as(tag).isLessThanOrEqualTo(1);
    return n.getLength() == 0 ? Optional.empty() : Optional.of((Element) n.item(0));
  }

  @Test
  void layoutAInsecureHttpListensOnHttpPortOnlyOnAllInterfaces() throws Exception {
    Document d = parse(generate("a.toml", LAYOUT_A_HTTP).xml());
    assertThat(variable(d, "kbs.host")).contains("*");
    assertThat(variable(d, "kbs.http.port")).contains("8080");
    assertThat(variable(d, "kbs.https.port")).contains("-1");
    assertThat(variable(d, "kbs.max-request-bytes")).contains("2097152");
    assertThat(element(d, "keyStore")).isEmpty();
    assertThat(element(d, "ssl")).isEmpty();
    assertThat(data.resolve("tls/operator.p12")).doesNotExist();
  }

  @Test
  void layoutAHttpsConvertsThePemPairIntoAnOwnerOnlyKeystore() throws Exception {
    LibertyServerConfig.Dropin dropin = https("");
    Document d = parse(dropin.xml());
    assertThat(variable(d, "kbs.host")).contains("*");
    assertThat(variable(d, "kbs.https.port")).contains("8443");
    assertThat(variable(d, "kbs.http.port")).contains("-1");
    Element ks = element(d, "keyStore").orElseThrow();
    assertThat(ks.getAttribute("id")).isEqualTo("defaultKeyStore");
    assertThat(ks.getAttribute("type")).isEqualTo("PKCS12");
    Path p12 = data.resolve("tls/operator.p12").toAbsolutePath();
    assertThat(ks.getAttribute("location")).isEqualTo(p12.toString());
    Path pwFile = data.resolve("tls/operator.p12.password");
    String password = Files.readString(pwFile);
    assertThat(ks.getAttribute("password")).isEqualTo(password).hasSizeGreaterThanOrEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pwFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12)))
        .isEqualTo("rw-------");
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(p12)) {
      store.load(in, password.toCharArray());
    }
    assertThat(store.getCertificate("kbs")).isEqualTo(cert);
    assertThat(store.getKey("kbs", password.toCharArray())).isNotNull();
    Element ssl = element(d, "ssl").orElseThrow();
    assertThat(ssl.getAttribute("id")).isEqualTo("defaultSSLConfig");
    assertThat(ssl.getAttribute("keyStoreRef")).isEqualTo("defaultKeyStore");
    assertThat(ssl.getAttribute("sslProtocol")).isEqualTo("TLSv1.2,TLSv1.3");
    assertThat(ssl.hasAttribute("enabledCiphers")).isFalse();
    assertThat(dropin.summary()).contains("https://*:8443");
    assertThat(dropin.warnings()).isEmpty();
  }

  @Test
  void eachStartRewritesTheKeystoreUnderAFreshPassword() throws Exception {
    String first =
        element(parse(https("").xml()), "keyStore").orElseThrow().getAttribute("password");
    String second =
        element(parse(https("").xml()), "keyStore").orElseThrow().getAttribute("password");
    assertThat(second).isNotEqualTo(first);
    assertThat(Files.readString(data.resolve("tls/operator.p12.password"))).isEqualTo(second);
  }

  @Test
  void layoutFHttpsUsesTheTopLevelKeysAndAnRsaPkcs1Key() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair rsa = g.generateKeyPair();
    X509Certificate rsaCert =
        TlsKeystores.selfSignedCertificate(rsa, "kbs", List.of(), Duration.ofDays(1));
    Files.writeString(tlsKey, pkcs1(rsa));
    Files.writeString(tlsCrt, Pem.write(rsaCert));
    Document d = parse(generate("f.json", LAYOUT_F_HTTPS).xml());
    assertThat(variable(d, "kbs.host")).contains("127.0.0.1");
    assertThat(variable(d, "kbs.https.port")).contains("9443");
    assertThat(variable(d, "kbs.http.port")).contains("-1");
    String password = element(d, "keyStore").orElseThrow().getAttribute("password");
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(data.resolve("tls/operator.p12"))) {
      store.load(in, password.toCharArray());
    }
    assertThat(store.getCertificate("kbs")).isEqualTo(rsaCert);
  }

  private static String pkcs1(KeyPair rsa) throws Exception {
    var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(rsa.getPrivate().getEncoded());
    byte[] der = info.parsePrivateKey().toASN1Primitive().getEncoded();
    var sw = new java.io.StringWriter();
    try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(sw)) {
      w.writeObject(new org.bouncycastle.util.io.pem.PemObject("RSA PRIVATE KEY", der));
    }
    return sw.toString();
  }

  @Test
  void layoutBAndCReadTheSameHttpServerTable() throws Exception {
    String b = LAYOUT_A_HTTPS.replace("insecure_api = true", "type = \"DenyAll\"");
    String c =
        LAYOUT_A_HTTPS
            .replace("insecure_api = true", "authorization_mode = \"DenyAll\"")
            .replace("@EXTRA@", "tls_profile = \"modern\"");
    assertThat(KbsConfigFile.load(write("b.toml", b)).layout()).isEqualTo(KbsConfig.Layout.B);
    assertThat(KbsConfigFile.load(write("c.toml", c)).layout()).isEqualTo(KbsConfig.Layout.C);
    Document db = parse(generate("b.toml", b).xml());
    assertThat(variable(db, "kbs.https.port")).contains("8443");
    assertThat(element(db, "keyStore")).isPresent();
    Document dc = parse(generate("c.toml", c).xml());
    assertThat(variable(dc, "kbs.https.port")).contains("8443");
    assertThat(element(dc, "ssl").orElseThrow().getAttribute("sslProtocol")).isEqualTo("TLSv1.3");
  }

  @Test
  void layoutFErrorsNameTheTopLevelKey() throws Exception {
    Files.writeString(tlsKey, "not a key\n");
    assertThatThrownBy(() -> generate("f.json", LAYOUT_F_HTTPS))
        .isInstanceOf(KbsConfigException.class)
        .hasMessageStartingWith("private_key:");
  }

  @Test
  void payloadRequestSizeBecomesTheBodyLimitInBytes() throws Exception {
    String text =
        LAYOUT_A_HTTP.replace(
            "insecure_http = true", "insecure_http = true\npayload_request_size = 5");
    Document d = parse(generate("p.toml", text).xml());
    assertThat(variable(d, "kbs.max-request-bytes")).contains("5242880");
  }

  @Test
  void modernProfileIsTls13Only() throws Exception {
    Document d = parse(https("tls_profile = \"modern\"").xml());
    assertThat(element(d, "ssl").orElseThrow().getAttribute("sslProtocol")).isEqualTo("TLSv1.3");
  }

  @Test
  void explicitVersionsOverrideTheProfileWithAWarning() throws Exception {
    LibertyServerConfig.Dropin min13 = https("tls_min_version = \"1.3\"");
    assertThat(element(parse(min13.xml()), "ssl").orElseThrow().getAttribute("sslProtocol"))
        .isEqualTo("TLSv1.3");
    assertThat(min13.warnings()).anyMatch(w -> w.contains("http_server.tls_min_version"));
    LibertyServerConfig.Dropin max12 = https("tls_profile = \"custom\"\ntls_max_version = \"1.2\"");
    assertThat(element(parse(max12.xml()), "ssl").orElseThrow().getAttribute("sslProtocol"))
        .isEqualTo("TLSv1.2");
    assertThat(max12.warnings()).isEmpty();
  }

  @Test
  void modernProfileWithMaximumTls12IsRefused() {
    assertThatThrownBy(() -> https("tls_profile = \"modern\"\ntls_max_version = \"1.2\""))
        .isInstanceOf(KbsConfigException.class)
        .hasMessageStartingWith("http_server.tls_max_version:");
  }

  @Test
  void oldProfileWarnsThatTls12IsTheFloor() throws Exception {
    LibertyServerConfig.Dropin d = https("tls_profile = \"old\"");
    assertThat(element(parse(d.xml()), "ssl").orElseThrow().getAttribute("sslProtocol"))
        .isEqualTo("TLSv1.2,TLSv1.3");
    assertThat(d.warnings()).anyMatch(w -> w.startsWith("http_server.tls_profile"));
  }

  @Test
  void openSslCipherNamesBecomeJsseNames() throws Exception {
    LibertyServerConfig.Dropin d =
        https(
            "tls_ciphers ="
                + " \"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:TLS_AES_256_GCM_SHA384\"");
    assertThat(element(parse(d.xml()), "ssl").orElseThrow().getAttribute("enabledCiphers"))
        .isEqualTo(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
                + " TLS_AES_256_GCM_SHA384");
    assertThat(d.warnings()).isEmpty();
  }

  @Test
  void cipherKeywordsAreIgnoredWithAWarning() throws Exception {
    LibertyServerConfig.Dropin d =
        https("tls_ciphers = \"ECDHE-RSA-AES128-GCM-SHA256:HIGH:!aNULL\"");
    assertThat(element(parse(d.xml()), "ssl").orElseThrow().hasAttribute("enabledCiphers"))
        .isFalse();
    assertThat(d.warnings())
        .singleElement()
        .satisfies(
            w -> assertThat(w).startsWith("http_server.tls_ciphers").contains("HIGH, !aNULL"));
  }

  @Test
  void tls12OnlySuitesWithATls13OnlyProfileAreRefused() {
    assertThatThrownBy(
            () -> https("tls_profile = \"modern\"\ntls_ciphers = \"ECDHE-RSA-AES128-GCM-SHA256\""))
        .isInstanceOf(KbsConfigException.class)
        .hasMessageStartingWith("http_server.tls_ciphers:");
  }

  @Test
  void dualStackWildcardOnOnePortIsOneListener() throws Exception {
    Document d =
        parse(
            generate(
                    "ds.toml",
                    LAYOUT_A_HTTP.replace("\"0.0.0.0:8080\"", "\"0.0.0.0:8080\", \"[::]:8080\""))
                .xml());
    assertThat(variable(d, "kbs.host")).contains("*");
    assertThat(variable(d, "kbs.http.port")).contains("8080");
  }

  @Test
  void ipv6LiteralLosesItsBrackets() throws Exception {
    LibertyServerConfig.Dropin dropin =
        generate("v6.toml", LAYOUT_A_HTTP.replace("0.0.0.0:8080", "[::1]:8080"));
    assertThat(variable(parse(dropin.xml()), "kbs.host")).contains("::1");
    assertThat(dropin.summary()).contains("http://[::1]:8080");
  }

  @Test
  void twoDifferentListenersAreRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                generate(
                    "two.toml",
                    LAYOUT_A_HTTP.replace(
                        "\"0.0.0.0:8080\"", "\"127.0.0.1:8080\", \"127.0.0.1:8081\"")))
        .isInstanceOf(KbsConfigException.class)
        .hasMessageStartingWith("http_server.sockets:")
        .hasMessageContaining("one address");
  }

  @Test
  void portZeroIsRefused() {
    assertThatThrownBy(() -> generate("z.toml", LAYOUT_A_HTTP.replace(":8080", ":0")))
        .isInstanceOf(KbsConfigException.class)
        .hasMessageStartingWith("http_server.sockets:");
  }

  @Test
  void certificateOfAnotherKeyIsRefusedNamingTheCertificateKey() throws Exception {
    Files.writeString(
        tlsCrt,
        Pem.write(
            TlsKeystores.selfSignedCertificate(
                Pem.generateP256(), "other", List.of(), Duration.ofDays(1))));
    assertThatThrownBy(() -> https(""))
        .isInstanceOf(KbsConfigException.class)
        .hasMessageStartingWith("http_server.certificate:");
    assertThat(data.resolve("tls/operator.p12")).doesNotExist();
  }

  @Test
  void malformedPrivateKeyIsRefusedNamingThePrivateKeyKey() throws Exception {
    Files.writeString(tlsKey, "not a key\n");
    assertThatThrownBy(() -> https(""))
        .isInstanceOf(KbsConfigException.class)
        .hasMessageStartingWith("http_server.private_key:");
  }

  @Test
  void valuesAreXmlEscaped() throws Exception {
    data = dir.resolve("a&b \"<q>\" 'x'");
    Document d = parse(https("").xml());
    assertThat(element(d, "keyStore").orElseThrow().getAttribute("location"))
        .isEqualTo(data.resolve("tls/operator.p12").toAbsolutePath().toString());
  }

  @Test
  void switchingToPlainHttpRemovesTheOperatorKeystore() throws Exception {
    https("");
    assertThat(data.resolve("tls/operator.p12")).exists();
    generate("a.toml", LAYOUT_A_HTTP);
    assertThat(data.resolve("tls/operator.p12")).doesNotExist();
    assertThat(data.resolve("tls/operator.p12.password")).doesNotExist();
  }

  // --- main / run: the launcher's contract ---

  private record Outcome(int status, String out, String err) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        LibertyServerConfig.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void runWritesAnOwnerOnlyDropinAndPrintsTheListener() throws Exception {
    Path config = write("https.toml", LAYOUT_A_HTTPS);
    Path dropin = dir.resolve("server/configDropins/overrides/kbs-config-file.xml");
    Outcome o = run(config.toString(), dropin.toString(), data.toString());
    assertThat(o.status()).as(o.err()).isZero();
    assertThat(o.out()).contains("https://*:8443");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dropin)))
        .isEqualTo("rw-------");
    assertThat(variable(parse(Files.readString(dropin)), "kbs.https.port")).contains("8443");
  }

  @Test
  void runFailsWithTheKeyWhenThePrivateKeyFileIsMissing() throws Exception {
    Path config = write("https.toml", LAYOUT_A_HTTPS);
    Files.delete(tlsKey);
    Path dropin = dir.resolve("kbs-config-file.xml");
    Outcome o = run(config.toString(), dropin.toString(), data.toString());
    assertThat(o.status()).isEqualTo(1);
    assertThat(o.err()).contains("http_server.private_key");
    assertThat(dropin).doesNotExist();
  }

  @Test
  void runFailsWithTheKeyWhenHttpsHasNoCertificate() throws Exception {
    Path config = write("nocert.toml", LAYOUT_A_HTTPS.replace("certificate = \"@CRT@\"", ""));
    Outcome o = run(config.toString(), dir.resolve("d.xml").toString(), data.toString());
    assertThat(o.status()).isEqualTo(1);
    assertThat(o.err()).contains("http_server.certificate");
  }

  @Test
  void runNeedsThreeArguments() {
    Outcome o = run("only-one");
    assertThat(o.status()).isEqualTo(2);
    assertThat(o.err()).startsWith("usage:");
  }
}
