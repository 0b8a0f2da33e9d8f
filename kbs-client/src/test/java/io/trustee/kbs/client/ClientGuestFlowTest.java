package io.trustee.kbs.client;

import static io.trustee.kbs.client.ClientEventLogToRvTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmVerifier;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.broker.ResourceEncryptor;
import io.trustee.kbs.client.ClientEventLogToRvTest.Run;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.ReportDataBinding;
import io.trustee.kbs.protocol.TeePublicKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest flow against a loopback fake KBS that checks what a real one checks: the session
 * cookie, the nonce, the report-data binding of the sample evidence; it encrypts the secret to the
 * {@code tee-pubkey} with kbs-ejb's {@link ResourceEncryptor}.
 */
class ClientGuestFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NONCE = "q1Wm5m7bYk0m3Xr0Jm1c2m0rY8yZbq6bE3sE0m7d2lA=";
  private static final String COOKIE = "0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJleHAiOjF9.c2ln";
  private static final byte[] SECRET = {'s', 'e', 'c', 0, (byte) 0x80, '\n'};

  @TempDir Path dir;
  private FakeKbs kbs;
  private volatile TeePublicKey attestedKey;
  private volatile String tee;
  private final java.util.concurrent.atomic.AtomicInteger refuseAttests =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    kbs = new FakeKbs(this::handle);
  }

  @AfterEach
  void stop() {
    kbs.close();
  }

  private FakeKbs.Reply handle(FakeKbs.Request r) {
    try {
      switch (r.method() + " " + r.rawPath()) {
        case "POST /kbs/v0/auth" -> {
          JsonNode body = JSON.readTree(r.body());
          assertThat(body.get("version").asText()).isEqualTo("0.4.0");
          tee = body.get("tee").asText();
          return new FakeKbs.Reply(
              200,
              ("{\"nonce\":\"" + NONCE + "\",\"extra-params\":\"\"}")
                  .getBytes(StandardCharsets.UTF_8),
              Map.of(
                  "Set-Cookie",
                  "kbs-session-id=" + COOKIE + "; Expires=Wed, 01 Jan 2031 00:00:00 GMT"));
        }
        case "POST /kbs/v0/attest" -> {
          if (refuseAttests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return FakeKbs.Reply.json(
                401, "{\"type\":\"x/AttestationError\",\"detail\":\"unknown ARK\"}");
          }
          if (!("kbs-session-id=" + COOKIE).equals(r.header("Cookie"))) {
            return FakeKbs.Reply.json(
                401, "{\"type\":\"x/AttestationError\",\"detail\":\"no cookie\"}");
          }
          JsonNode body = JSON.readTree(r.body());
          assertThat(body.at("/runtime-data/nonce").asText()).isEqualTo(NONCE);
          TeePublicKey key = TeePublicKey.parse(body.at("/runtime-data/tee-pubkey"));
          byte[] expected =
              ReportDataBinding.expected(ProtocolVersion.V0_4_0, NONCE, key, "").get(0);
          JsonNode evidence = body.at("/tee-evidence/primary_evidence");
          if ("sample".equals(tee)) {
            byte[] rd = Base64.getDecoder().decode(evidence.get("report_data").asText());
            assertThat(rd).isEqualTo(expected);
          } else {
            assertThat(evidence.get("version").asInt()).isEqualTo(2);
            assertThat(evidence.has("tpm_quote")).isTrue();
          }
          attestedKey = key;
          return FakeKbs.Reply.json(200, "{\"token\":\"" + TOKEN + "\"}");
        }
        case "GET /kbs/v0/resource/default/key/one" -> {
          boolean cookie = ("kbs-session-id=" + COOKIE).equals(r.header("Cookie"));
          boolean bearer = ("Bearer " + TOKEN).equals(r.header("Authorization"));
          if (!cookie && !bearer) {
            return FakeKbs.Reply.json(401, "{\"type\":\"x/TokenNotFound\",\"detail\":\"none\"}");
          }
          return FakeKbs.Reply.json(
              200,
              new ResourceEncryptor(false)
                  .encrypt(SECRET, attestedKey, ProtocolVersion.V0_4_0)
                  .toString());
        }
        default -> {
          return FakeKbs.Reply.json(
              404, "{\"type\":\"x/PluginNotFound\",\"detail\":\"" + r.rawPath() + "\"}");
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs in-process and returns stdout as bytes (the secret may be binary). */
  private byte[] runBinary(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var cl = KbsClient.commandLine(ClientEventLogToRvTest.CLOCK, out);
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute(args)).as(err.toString()).isZero();
    return out.toByteArray();
  }

  @Test
  void getResourceRunsTheHandshakeAndWritesTheSecretToStdout() {
    for (String keyType : new String[] {"ec", "rsa"}) {
      kbs.requests.clear();
      byte[] out =
          runBinary("get-resource", "default/key/one", "--url", kbs.url(), "--key-type", keyType);
      assertThat(out).as(keyType).isEqualTo(SECRET);
      assertThat(kbs.requests)
          .extracting(FakeKbs.Request::rawPath)
          .containsExactly("/kbs/v0/auth", "/kbs/v0/attest", "/kbs/v0/resource/default/key/one");
      assertThat(kbs.requests.get(2).header("Authorization")).isNull();
    }
  }

  @Test
  void attestPrintsTheTokenAndSavedKeyDecryptsABearerFetch() throws Exception {
    Path key = dir.resolve("tee-key.pem");
    Run attest = run("attest", "--url", kbs.url(), "--save-key", key.toString());
    assertThat(attest.status()).as(attest.err()).isZero();
    assertThat(attest.out().strip()).isEqualTo(TOKEN);
    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    Path secretFile = dir.resolve("secret.out");
    Run get =
        run(
            "get-resource",
            "default/key/one",
            "--url",
            kbs.url(),
            "--token",
            TOKEN,
            "--tee-key",
            key.toString(),
            "--out",
            secretFile.toString());
    assertThat(get.status()).as(get.err()).isZero();
    assertThat(Files.readAllBytes(secretFile)).isEqualTo(SECRET);
    assertThat(get.out()).isEmpty();
    FakeKbs.Request last = kbs.requests.get(kbs.requests.size() - 1);
    assertThat(last.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(last.header("Cookie")).isNull();

    Run again = run("attest", "--url", kbs.url(), "--save-key", key.toString());
    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err()).contains("--save-key " + key + ": exists");
  }

  @Test
  void guestOptionErrors() {
    Run noKey = run("get-resource", "default/key/one", "--url", kbs.url(), "--token", TOKEN);
    assertThat(noKey.status()).isEqualTo(1);
    assertThat(noKey.err()).contains("--token needs --tee-key");
    Run tee = run("attest", "--url", kbs.url(), "--tee", "tdx");
    assertThat(tee.err()).contains("--tee: unsupported TEE 'tdx'");
    Run keyType = run("attest", "--url", kbs.url(), "--key-type", "dsa");
    assertThat(keyType.err()).contains("--key-type: unknown key type 'dsa'");
    Run simDir = run("attest", "--url", kbs.url(), "--sim-chain-dir", dir.toString());
    assertThat(simDir.err()).contains("--sim-chain-dir: only meaningful with --tee az-snp-vtpm");
    assertThat(kbs.requests).isEmpty();
  }

  @Test
  void refusalIsReportedWithTheKbsErrorType() {
    Run r = run("get-resource", "default/key/missing", "--url", kbs.url());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("HTTP 404 x/PluginNotFound");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void simulatedAzSnpVtpmReusesOneChainAcrossRuns() throws Exception {
    Path chainDir = dir.resolve("amd");
    Run first =
        run(
            "attest",
            "--url",
            kbs.url(),
            "--tee",
            "az-snp-vtpm",
            "--sim-chain-dir",
            chainDir.toString());
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(tee).isEqualTo("az-snp-vtpm");
    Path chain = chainDir.resolve("milan_cert_chain.pem");
    assertThat(first.err()).contains("wrote the simulator's test AMD chain to " + chain);
    assertThat(Files.getPosixFilePermissions(chainDir.resolve(SimulatorSetup.SEED_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String chainPem = Files.readString(chain);
    JsonNode firstEvidence =
        JSON.readTree(kbs.requests.get(1).body()).at("/tee-evidence/primary_evidence");

    Run second =
        run(
            "attest",
            "--url",
            kbs.url(),
            "--tee",
            "az-snp-vtpm",
            "--sim-chain-dir",
            chainDir.toString());
    assertThat(second.status()).as(second.err()).isZero();
    assertThat(second.err()).doesNotContain("wrote");
    assertThat(Files.readString(chain)).isEqualTo(chainPem);
    JsonNode secondEvidence =
        JSON.readTree(kbs.requests.get(3).body()).at("/tee-evidence/primary_evidence");
    // same seed, same keys: the second run's VCEK is the same key and still chains to the ASK
    // written (and loaded by the KBS) on the first run
    X509Certificate vcek2 = vcek(secondEvidence);
    assertThat(vcek2.getPublicKey()).isEqualTo(vcek(firstEvidence).getPublicKey());
    X509Certificate ask = Pem.parseCertificates(chainPem, "chain").get(0);
    assertThat(ask.getSubjectX500Principal().getName()).contains("CN=SEV-Milan");
    vcek2.verify(ask.getPublicKey());

    // and kbs-ejb's verifier, loading the chain directory as a KBS started after the first run
    // would, accepts the second run's evidence for the report data the KBS recomputes
    JsonNode secondBody = JSON.readTree(kbs.requests.get(3).body());
    byte[] reportData =
        ReportDataBinding.expected(
                ProtocolVersion.V0_4_0,
                NONCE,
                TeePublicKey.parse(secondBody.at("/runtime-data/tee-pubkey")),
                "")
            .get(0);
    AzSnpVtpmVerifier verifier = AzSnpVtpmVerifier.fromAmdCertsDir(chainDir, true);
    assertThat(verifier.verify(new EvidenceInput(secondEvidence, reportData, null))).isNotNull();
    byte[] otherReportData = reportData.clone();
    otherReportData[0] ^= 1;
    assertThatThrownBy(
            () -> verifier.verify(new EvidenceInput(secondEvidence, otherReportData, null)))
        .isInstanceOf(BadEvidenceException.class);
  }

  private Run simulated(Path chainDir, String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "attest",
                "--url",
                kbs.url(),
                "--tee",
                "az-snp-vtpm",
                "--sim-chain-dir",
                chainDir.toString()));
    args.addAll(java.util.List.of(more));
    return run(args.toArray(String[]::new));
  }

  private JsonNode lastEvidence() throws Exception {
    return JSON.readTree(kbs.requests.get(kbs.requests.size() - 1).body())
        .at("/tee-evidence/primary_evidence");
  }

  @Test
  void simPcrChangesThatPcrOnlyAndTheGuestStaysTheSame() throws Exception {
    Path chainDir = dir.resolve("amd");
    assertThat(simulated(chainDir).status()).isZero();
    JsonNode own = lastEvidence();
    String zeros = "00".repeat(32);
    Run r = simulated(chainDir, "--sim-pcr", "11=" + zeros, "--sim-pcr", "3=" + "AB".repeat(32));
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode changed = lastEvidence();
    for (int i = 0; i < 24; i++) {
      String pcr = changed.at("/tpm_quote/pcrs/" + i).asText();
      switch (i) {
        case 11 -> assertThat(pcr).isEqualTo(zeros);
        case 3 -> assertThat(pcr).isEqualTo("ab".repeat(32));
        default -> assertThat(pcr).as("pcr" + i).isEqualTo(own.at("/tpm_quote/pcrs/" + i).asText());
      }
    }
    assertThat(own.at("/tpm_quote/pcrs/11").asText()).isNotEqualTo(zeros);
    // same keys: the same VCEK, so the KBS that trusts the chain written first still accepts it
    assertThat(vcek(changed).getPublicKey()).isEqualTo(vcek(own).getPublicKey());
  }

  @Test
  void simPcrIsChecked() {
    Path chainDir = dir.resolve("amd");
    assertThat(simulated(chainDir, "--sim-pcr", "24=" + "00".repeat(32)).err())
        .contains("--sim-pcr '24=", "N from 0 to 23");
    assertThat(simulated(chainDir, "--sim-pcr", "11=00").err()).contains("64 hex digits");
    assertThat(
            simulated(
                    chainDir,
                    "--sim-pcr",
                    "8=" + "00".repeat(32),
                    "--sim-pcr",
                    "08=" + "11".repeat(32))
                .err())
        .contains("--sim-pcr: PCR 8 given twice");
    Run sample = run("attest", "--url", kbs.url(), "--sim-pcr", "11=" + "00".repeat(32));
    assertThat(sample.err()).contains("--sim-pcr: only meaningful with --tee az-snp-vtpm");
    assertThat(kbs.requests).isEmpty();
  }

  @Test
  void aChainWrittenByThisRunIsWaitedForAndAnOlderOneIsNot() {
    Path chainDir = dir.resolve("amd");
    refuseAttests.set(1);
    Run first = simulated(chainDir);
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.err())
        .contains("wrote the simulator's test AMD chain")
        .contains("the KBS has not read the new test AMD chain yet", "unknown ARK");
    assertThat(kbs.requests)
        .extracting(FakeKbs.Request::rawPath)
        .containsExactly("/kbs/v0/auth", "/kbs/v0/attest", "/kbs/v0/auth", "/kbs/v0/attest");

    refuseAttests.set(1);
    Run second = simulated(chainDir);
    assertThat(second.status()).isEqualTo(1);
    assertThat(second.err()).contains("HTTP 401 x/AttestationError: unknown ARK");
    assertThat(second.err()).doesNotContain("not read the new test AMD chain");
    assertThat(kbs.requests).hasSize(6);
  }

  private static X509Certificate vcek(JsonNode evidence) throws Exception {
    return Pem.certificateFromDer(Base64.getUrlDecoder().decode(evidence.get("vcek").asText()));
  }
}
