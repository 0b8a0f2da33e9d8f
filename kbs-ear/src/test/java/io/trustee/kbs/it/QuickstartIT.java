package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  private static final Path AMD = ItAmdDir.AMD;
  private static final ItDevState STATE = new ItDevState("quickstart-it");

  @BeforeAll
  static void aFreshDevServersState() throws Exception {
    STATE.enter();
  }

  @AfterAll
  static void restore() throws Exception {
    STATE.restore();
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
}
