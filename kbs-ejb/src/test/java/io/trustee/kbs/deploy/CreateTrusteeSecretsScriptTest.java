package io.trustee.kbs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server-config/openshift/create-trustee-secrets.sh}: syntax ({@code bash -n}), and runs
 * against a stub {@code oc}/{@code kubectl} on PATH that records its arguments and answers "not
 * found" (or, with {@code STUB_EXISTS=1}, "exists") for {@code get}. The printed manifests are
 * checked against the Kubernetes schema and for their names, keys, types and key material.
 */
class CreateTrusteeSecretsScriptTest {
  static final Path SCRIPT = OpenShiftBundleTest.BUNDLE.resolve("create-trustee-secrets.sh");

  private static final String STUB =
      "#!/bin/bash\n"
          + "echo \"$*\" >> \"$(dirname \"$0\")/calls-$(basename \"$0\")\"\n"
          + "if [ \"$3\" = get ]; then\n"
          + "  if [ -n \"${STUB_EXISTS:-}\" ]; then echo \"$4/$5\"; exit 0; fi\n"
          + "  echo \"Error from server (NotFound): $4 \\\"$5\\\" not found\" >&2; exit 1\n"
          + "fi\n"
          + "if [ \"$3\" = apply ]; then { echo ---; cat \"$5\"; } >> \"$(dirname \"$0\")/applied\"; fi\n"
          + "exit 0\n";

  record Run(int exit, String stdout, String stderr, Path bin) {
    List<String> calls(String cli) throws IOException {
      Path f = bin.resolve("calls-" + cli);
      return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }
  }

  static Path stubBin(Path dir, String... clis) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String cli : clis) {
      Path p = bin.resolve(cli);
      Files.writeString(p, STUB);
      p.toFile().setExecutable(true);
    }
    return bin;
  }

  static Run run(Path bin, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash: script not run");
    List<String> cmd = new ArrayList<>(List.of("/bin/bash", SCRIPT.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // Only the stub, bash's own tools and openssl: no real oc/kubectl can be reached.
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.environment().remove("STUB_EXISTS");
    pb.environment().putAll(env);
    Path out = Files.createTempFile(bin, "out", ".txt");
    Path err = Files.createTempFile(bin, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err), bin);
  }

  static Map<String, JsonNode> secrets(String yaml) throws IOException {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (JsonNode doc : OpenShiftBundleTest.yamlDocuments(yaml)) {
      assertThat(OpenShiftBundleTest.schemaErrors(doc)).isEmpty();
      assertThat(doc.path("kind").asText()).isEqualTo("Secret");
      m.put(doc.at("/metadata/name").asText(), doc);
    }
    return m;
  }

  private static Map<String, Map<String, byte[]>> secretsCache;

  /**
   * The Secrets the script creates (dry run against a stub oc, with --postgres-host): name → key →
   * decoded value. For the bundle test, which checks its mounts against them.
   */
  static synchronized Map<String, Map<String, byte[]>> secretData()
      throws IOException, InterruptedException {
    if (secretsCache == null) {
      Path dir = Files.createTempDirectory("trustee-secrets-keys");
      Run r =
          run(
              stubBin(dir, "oc"),
              Map.of(),
              "--dry-run",
              "--dir",
              dir.resolve("out").toString(),
              "--postgres-host",
              "kbs-postgresql");
      assertThat(r.exit()).as(r.stderr()).isZero();
      Map<String, Map<String, byte[]>> all = new HashMap<>();
      secrets(r.stdout())
          .forEach(
              (name, s) -> {
                Map<String, byte[]> values = new LinkedHashMap<>();
                s.path("data").fieldNames().forEachRemaining(k -> values.put(k, data(s, k)));
                all.put(name, values);
              });
      secretsCache = all;
    }
    return secretsCache;
  }

  /** The keys of each Secret the script creates. */
  static Map<String, Set<String>> secretKeys() throws IOException, InterruptedException {
    Map<String, Set<String>> keys = new HashMap<>();
    secretData().forEach((name, values) -> keys.put(name, new LinkedHashSet<>(values.keySet())));
    return keys;
  }

  private static byte[] data(JsonNode secret, String key) {
    return Base64.getDecoder()
        .decode(secret.at("/data/" + key.replace("~", "~0").replace("/", "~1")).asText());
  }

  private static byte[] pem(byte[] text, String type) {
    String s = new String(text, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + type + "-----";
    assertThat(s).contains(begin);
    String body =
        s.substring(s.indexOf(begin) + begin.length(), s.indexOf("-----END " + type + "-----"));
    return Base64.getMimeDecoder().decode(body);
  }

  @Test
  void passesBashSyntaxCheck() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash");
    Process p =
        new ProcessBuilder("/bin/bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(Files.isExecutable(SCRIPT)).as("executable bit").isTrue();
  }

  @Test
  void dryRunPrintsEverySecretWithRealKeyMaterialAndAppliesNothing(@TempDir Path tmp)
      throws Exception {
    Path local = tmp.resolve("local");
    Run r =
        run(
            stubBin(tmp, "oc"),
            Map.of(),
            "--dry-run",
            "--dir",
            local.toString(),
            "--hostname",
            "kbs.apps.example.com",
            "--postgres-host",
            "kbs-postgresql");
    assertThat(r.exit()).as(r.stderr()).isZero();
    Map<String, JsonNode> s = secrets(r.stdout());
    assertThat(s)
        .containsOnlyKeys(
            "kbs-auth-public-key",
            "kbs-https-key",
            "kbs-https-certificate",
            "attestation-token",
            "kbs-kek",
            "kbs-db");
    for (JsonNode secret : s.values()) {
      assertThat(secret.at("/metadata/namespace").asText())
          .isEqualTo(OpenShiftBundleTest.NAMESPACE);
      assertThat(secret.path("type").asText()).isEqualTo("Opaque");
    }
    assertThat(fieldNames(s.get("kbs-auth-public-key"))).containsExactly("publicKey");
    assertThat(fieldNames(s.get("kbs-https-key"))).containsExactly("privateKey");
    assertThat(fieldNames(s.get("kbs-https-certificate"))).containsExactly("certificate");
    assertThat(fieldNames(s.get("attestation-token"))).containsExactly("token.key", "token.crt");
    assertThat(fieldNames(s.get("kbs-kek"))).containsExactly("KBS_KEK");
    assertThat(fieldNames(s.get("kbs-db")))
        .containsExactly("PG_HOST", "PG_PORT", "PG_DB", "PG_USER", "PG_PASSWORD");

    // Admin: Ed25519 public key in the Secret, the private half only on disk, owner-only.
    PublicKey admin =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(
                new X509EncodedKeySpec(
                    pem(data(s.get("kbs-auth-public-key"), "publicKey"), "PUBLIC KEY")));
    assertThat(admin.getAlgorithm()).isIn("Ed25519", "EdDSA");
    Path priv = local.resolve("admin-private.pem");
    assertThat(priv).isRegularFile();
    assertThat(Files.getPosixFilePermissions(priv))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(r.stdout())
        .doesNotContain(Base64.getEncoder().encodeToString(Files.readAllBytes(priv)));
    assertThat(r.stdout()).doesNotContain("PRIVATE KEY-----\nMC4CAQ");

    // HTTPS: a P-256 key and a certificate for the Service names and --hostname.
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate tls =
        (X509Certificate)
            cf.generateCertificate(
                new ByteArrayInputStream(data(s.get("kbs-https-certificate"), "certificate")));
    List<String> sans = new ArrayList<>();
    tls.getSubjectAlternativeNames().forEach(n -> sans.add(String.valueOf(n.get(1))));
    assertThat(sans)
        .contains("kbs-service", "kbs-service.trustee-operator-system.svc", "kbs.apps.example.com");
    var tlsKey =
        KeyFactory.getInstance("EC")
            .generatePrivate(
                new PKCS8EncodedKeySpec(
                    pem(data(s.get("kbs-https-key"), "privateKey"), "PRIVATE KEY")));
    assertThat(tlsKey).isInstanceOf(ECPrivateKey.class);
    assertThat(local.resolve("kbs-https.crt"))
        .hasBinaryContent(data(s.get("kbs-https-certificate"), "certificate"));

    // Token signer: EC P-256, PKCS#8, with its certificate.
    ECPrivateKey token =
        (ECPrivateKey)
            KeyFactory.getInstance("EC")
                .generatePrivate(
                    new PKCS8EncodedKeySpec(
                        pem(data(s.get("attestation-token"), "token.key"), "PRIVATE KEY")));
    var p256 = java.security.AlgorithmParameters.getInstance("EC");
    p256.init(new ECGenParameterSpec("secp256r1"));
    assertThat(token.getParams().getCurve())
        .isEqualTo(p256.getParameterSpec(java.security.spec.ECParameterSpec.class).getCurve());
    cf.generateCertificate(new ByteArrayInputStream(data(s.get("attestation-token"), "token.crt")));

    // KEK: the env value is base64 of 32 bytes.
    byte[] kek =
        Base64.getDecoder()
            .decode(new String(data(s.get("kbs-kek"), "KBS_KEK"), StandardCharsets.US_ASCII));
    assertThat(kek).hasSize(32);
    assertThat(new String(data(s.get("kbs-db"), "PG_HOST"), StandardCharsets.UTF_8))
        .isEqualTo("kbs-postgresql");
    assertThat(data(s.get("kbs-db"), "PG_PASSWORD")).hasSizeGreaterThanOrEqualTo(32);

    // Dry run: only "get" calls reached the cluster.
    assertThat(r.calls("oc")).isNotEmpty().allMatch(c -> c.contains(" get "));
  }

  @Test
  void aSecondRunKeepsWhatExistsUnlessRotate(@TempDir Path tmp) throws Exception {
    Path bin = stubBin(tmp, "oc");
    Path local = tmp.resolve("local");
    Run first = run(bin, Map.of(), "--dry-run", "--dir", local.toString());
    assertThat(first.exit()).as(first.stderr()).isZero();
    byte[] adminKey = Files.readAllBytes(local.resolve("admin-private.pem"));

    Run second = run(bin, Map.of("STUB_EXISTS", "1"), "--dry-run", "--dir", local.toString());
    assertThat(second.exit()).as(second.stderr()).isZero();
    assertThat(secrets(second.stdout())).isEmpty();
    assertThat(second.stderr())
        .contains("kbs-auth-public-key: exists, kept")
        .contains("kbs-https-key, kbs-https-certificate: exist, kept")
        .contains("attestation-token: exists, kept")
        .contains("kbs-kek: exists, kept");
    assertThat(local.resolve("admin-private.pem")).hasBinaryContent(adminKey);

    Run rotate =
        run(bin, Map.of("STUB_EXISTS", "1"), "--dry-run", "--rotate", "--dir", local.toString());
    assertThat(rotate.exit()).as(rotate.stderr()).isZero();
    assertThat(secrets(rotate.stdout()))
        .as("--rotate replaces the key pairs, never the KEK")
        .containsOnlyKeys(
            "kbs-auth-public-key", "kbs-https-key", "kbs-https-certificate", "attestation-token");
    assertThat(Files.readAllBytes(local.resolve("admin-private.pem"))).isNotEqualTo(adminKey);
    assertThat(local.resolve("admin-private.pem.old")).hasBinaryContent(adminKey);
  }

  @Test
  void appliesWithKubectlWhenThereIsNoOcAndReusesALocalAdminKey(@TempDir Path tmp)
      throws Exception {
    Path bin = stubBin(tmp, "kubectl");
    Path local = Files.createDirectories(tmp.resolve("local"));
    Run first = run(bin, Map.of(), "--dir", local.toString(), "-n", "kbs-lab");
    assertThat(first.exit()).as(first.stderr()).isZero();
    assertThat(first.stdout()).contains("applied secret kbs-auth-public-key in kbs-lab");
    List<String> applies =
        first.calls("kubectl").stream().filter(c -> c.contains(" apply ")).toList();
    assertThat(applies).hasSize(5).allMatch(c -> c.startsWith("-n kbs-lab apply -f "));
    Map<String, JsonNode> applied = secrets(Files.readString(bin.resolve("applied")));
    assertThat(applied)
        .containsOnlyKeys(
            "kbs-auth-public-key",
            "kbs-https-key",
            "kbs-https-certificate",
            "attestation-token",
            "kbs-kek");
    byte[] publicKey = data(applied.get("kbs-auth-public-key"), "publicKey");

    // The Secret vanished (e.g. namespace re-created): the local private key is reused, so the
    // administrator's key still matches.
    Files.delete(bin.resolve("applied"));
    Run again = run(bin, Map.of(), "--dry-run", "--dir", local.toString(), "-n", "kbs-lab");
    assertThat(again.exit()).as(again.stderr()).isZero();
    assertThat(data(secrets(again.stdout()).get("kbs-auth-public-key"), "publicKey"))
        .isEqualTo(publicKey);
  }

  @Test
  void refusesHalfASuppliedPairAndUnknownOptions(@TempDir Path tmp) throws Exception {
    Path bin = stubBin(tmp, "oc");
    Path cert = Files.writeString(tmp.resolve("tls.crt"), "x");
    Run half = run(bin, Map.of(), "--dry-run", "--cert", cert.toString());
    assertThat(half.exit()).isNotZero();
    assertThat(half.stderr()).contains("--cert and --key go together");
    Run unknown = run(bin, Map.of(), "--force");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("unknown argument '--force'");
  }

  @Test
  void usesASuppliedCertificateAndKey(@TempDir Path tmp) throws Exception {
    Path bin = stubBin(tmp, "oc");
    Path local = tmp.resolve("local");
    Run made = run(bin, Map.of(), "--dry-run", "--dir", local.toString());
    assertThat(made.exit()).isZero();
    Map<String, JsonNode> s = secrets(made.stdout());
    Path crt =
        Files.write(tmp.resolve("tls.crt"), data(s.get("kbs-https-certificate"), "certificate"));
    Path key = Files.write(tmp.resolve("tls.key"), data(s.get("kbs-https-key"), "privateKey"));
    Run supplied =
        run(
            bin,
            Map.of(),
            "--dry-run",
            "--dir",
            tmp.resolve("local2").toString(),
            "--cert",
            crt.toString(),
            "--key",
            key.toString());
    assertThat(supplied.exit()).as(supplied.stderr()).isZero();
    Map<String, JsonNode> t = secrets(supplied.stdout());
    assertThat(data(t.get("kbs-https-certificate"), "certificate"))
        .isEqualTo(Files.readAllBytes(crt));
    assertThat(pem(data(t.get("kbs-https-key"), "privateKey"), "PRIVATE KEY"))
        .isEqualTo(pem(Files.readAllBytes(key), "PRIVATE KEY"));
  }

  private static List<String> fieldNames(JsonNode secret) {
    List<String> names = new ArrayList<>();
    secret.path("data").fieldNames().forEachRemaining(names::add);
    return names;
  }
}
