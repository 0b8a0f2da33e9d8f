package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.as.DefaultPolicies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Try it" walkthrough, as {@code examples/quickstart.sh}, against the running server
 * (issue #15): the script is run with bash from the project root, with the default {@code
 * kbs-client/target/kbs-client.jar}, and only the server's URL, certificate, admin key and AMD
 * directory given as options. It must end with status 0 and say, in order, what the README says:
 * the sample TEE refused by the default policy in words, the simulated az-snp-vtpm guest refused
 * with its missing reference values and the command that registers them, the promotion, the secret,
 * and a PCR 11 change named in the refusal. The secret appears once, where it is received.
 *
 * <p>The walkthrough's state starts as on a fresh dev server and is put back afterwards: the
 * resource policy (set to the built-in default first), the reference values it registers (deleted
 * first, so other ITs' values of the same names do not make the guest known), and the server's
 * {@code kbs.amd.certs-dir}, where {@link AzSnpVtpmIT} and {@link WhyDeniedIT} keep their Milan
 * chains (one file per generation): those are set aside while the script writes its own.
 */
class QuickstartIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path AMD = KbsHttp.dataDir().resolve("amd");
  private static final Path SET_ASIDE = KbsHttp.dataDir().resolve("amd-set-aside-by-quickstart-it");
  private static final String SEED = "kbs-client-sim.seed";
  private static final List<String> RV_NAMES =
      List.of(
          "measurement",
          "snp_pcr03",
          "snp_pcr08",
          "snp_pcr09",
          "snp_pcr11",
          "snp_pcr12",
          "tcb_bootloader",
          "tcb_tee",
          "tcb_snp",
          "tcb_microcode",
          "smt_enabled",
          "tsme_enabled",
          "abi_major",
          "abi_minor",
          "single_socket",
          "smt_allowed");

  private static final Map<String, JsonNode> previousValues = new LinkedHashMap<>();
  private static String previousPolicy;
  private static boolean amdDirWasThere;

  @BeforeAll
  static void aFreshDevServersState() throws Exception {
    amdDirWasThere = Files.isDirectory(AMD);
    Files.createDirectories(AMD);
    Files.createDirectories(SET_ASIDE);
    try (Stream<Path> files = Files.list(AMD)) {
      for (Path f :
          files
              .filter(
                  f ->
                      f.getFileName().toString().startsWith("milan")
                          || f.getFileName().toString().equals(SEED))
              .toList()) {
        Files.move(f, SET_ASIDE.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    KbsHttp.Reply policy = new KbsHttp().get("/kbs/v0/resource-policy?view=text", Admin.auth());
    assertThat(policy.status()).as(policy.body()).isEqualTo(200);
    previousPolicy = policy.body();
    assertThat(
            Admin.setResourcePolicy(DefaultPolicies.text(DefaultPolicies.RESOURCE_DEFAULT))
                .status())
        .isEqualTo(200);
    for (String name : RV_NAMES) {
      KbsHttp.Reply r = new KbsHttp().get("/kbs/v0/reference-value/" + name, Admin.auth());
      if (r.status() == 200 && r.json().isArray()) {
        previousValues.put(name, r.json());
        KbsHttp.Reply d =
            new KbsHttp().send("DELETE", "/kbs/v0/reference-value/" + name, null, Admin.auth());
        assertThat(d.status()).as(name + ": " + d.body()).isLessThan(300);
      }
    }
  }

  @AfterAll
  static void restore() throws Exception {
    if (Files.isDirectory(SET_ASIDE)) {
      Files.deleteIfExists(AMD.resolve("milan_cert_chain.pem"));
      Files.deleteIfExists(AMD.resolve(SEED));
      try (Stream<Path> files = Files.list(SET_ASIDE)) {
        for (Path f : files.toList()) {
          Files.move(f, AMD.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.delete(SET_ASIDE);
      if (!amdDirWasThere) {
        try (Stream<Path> files = Files.list(AMD)) {
          if (files.findAny().isEmpty()) {
            // an empty certs directory would be an unusable AMD chain: readiness DOWN
            Files.delete(AMD);
          }
        }
      }
    }
    for (String name : RV_NAMES) {
      JsonNode before = previousValues.get(name);
      if (before != null) {
        register(name, before);
      } else {
        new KbsHttp().send("DELETE", "/kbs/v0/reference-value/" + name, null, Admin.auth());
      }
    }
    if (previousPolicy != null) {
      Admin.setResourcePolicy(previousPolicy);
    }
  }

  @Test
  void theReadmeWalkthroughRunsAsWrittenAndSaysWhatTheReadmeSays() throws Exception {
    Path script = ROOT.resolve("examples/quickstart.sh");
    assertThat(script).isRegularFile();
    assertThat(ROOT.resolve("kbs-client/target/kbs-client.jar"))
        .as("the script's default kbs-client (built by the reactor before this module)")
        .isRegularFile();
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                "examples/quickstart.sh",
                "--url",
                KbsHttp.baseUri().toString(),
                "--cacert",
                ItCli.serverPem().toString(),
                "--admin-key",
                AdminTokens.privateKeyFile().toAbsolutePath().toString(),
                "--amd-dir",
                AMD.toString())
            .directory(ROOT.toFile())
            .redirectErrorStream(true);
    for (String v : List.of("KBS_CLIENT", "KBS_URL", "KBS_CACERT", "KBS_ADMIN_KEY")) {
      pb.environment().remove(v);
    }
    Path log = Files.createTempFile("quickstart-it", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    boolean ended = p.waitFor(8, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("examples/quickstart.sh output:\n" + out);
    Files.deleteIfExists(log);
    assertThat(ended).as("the script ended within 8 minutes:\n" + out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    List<String> expected =
        List.of(
            "== 1. store a secret",
            "stored default/app/key1",
            "== 2.",
            "HTTP 401",
            "PolicyDeny",
            "the default resource policy does not release secrets to the sample TEE; see README"
                + " 'Try it'",
            "== 3.",
            "resource policy set from server-config/openshift/base/files/resource-policy.rego",
            "== 4.",
            "PolicyDeny",
            "\"missing_reference_values\":[",
            "reference values not registered: ",
            "`kbs-client promote ",
            "`kbs-client register-rv`",
            "== 5.",
            "TIME",
            "az-snp-vtpm",
            "== 6.",
            "registered reference values (sample) from examples/az-snp-vtpm-platform.json",
            "latest: appraisal ",
            "registers:",
            "measurement = [",
            "registered reference values measurement",
            "== 7.",
            "PolicyDeny",
            "reference values not registered: snp_pcr11",
            "latest: appraisal ",
            "snp_pcr11 = [",
            "registered reference values snp_pcr11",
            "== 8.",
            "my first secret",
            "== 9.",
            "PolicyDeny",
            "az-snp-vtpm.tpm.pcr11 does not match reference value 'snp_pcr11'",
            "expected and observed values: `kbs-client appraisal ",
            "quickstart: done");
    int at = 0;
    for (String e : expected) {
      int i = out.indexOf(e, at);
      assertThat(i).as("'%s' after offset %d of:%n%s", e, at, out).isNotNegative();
      at = i + e.length();
    }
    assertThat(out.split("my first secret", -1)).as("the secret is printed once").hasSize(2);
    assertThat(between(out, "== 4.", "== 5."))
        .contains("\"missing_reference_values\":[", "measurement", "tcb_bootloader");
    assertThat(between(out, "== 6.", "== 8."))
        .as("promotion registers measurements, never platform values")
        .doesNotContain("tcb_bootloader = ");
    String pcr11 = between(out, "== 9.", "quickstart: done");
    assertThat(pcr11).doesNotContain("0".repeat(64)).doesNotContain("my first secret");
  }

  private static String between(String s, String from, String to) {
    int a = s.indexOf(from);
    int b = s.indexOf(to, a);
    return s.substring(a, b);
  }

  private static void register(String name, JsonNode values) throws Exception {
    ObjectNode payload = KbsHttp.JSON.createObjectNode();
    payload.set(name, values);
    ObjectNode message = KbsHttp.JSON.createObjectNode();
    message.put("version", "0.1.0");
    message.put("type", "sample");
    message.put(
        "payload",
        Base64.getEncoder().encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8)));
    new KbsHttp().postJson("/kbs/v0/reference-value", message, Admin.auth());
  }
}
