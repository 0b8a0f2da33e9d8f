package io.trustee.kbs.client;

import static io.trustee.kbs.client.ClientEventLogToRvTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.client.ClientEventLogToRvTest.Run;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command tree: every command is registered and documents its options. */
class ClientCommandLineTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "eventlog-to-rv",
        "attest",
        "get-resource",
        "set-resource",
        "delete-resource",
        "list-resources",
        "set-resource-policy",
        "get-resource-policy",
        "set-attestation-policy",
        "register-rv",
        "get-rv",
        "rv-history",
        "appraisals",
        "dry-run"
      })
  void everyCommandHasHelp(String command) {
    Run r = run(command, "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).startsWith("Usage: kbs-client " + command);
    if (!command.equals("eventlog-to-rv")) {
      assertThat(r.out()).contains("--url", "--cacert", "--insecure-tls");
    }
    if (List.of("set-resource", "list-resources", "dry-run", "register-rv").contains(command)) {
      assertThat(r.out()).contains("--admin-key", "--admin-role");
    }
  }

  @Test
  void unknownCommandAndOptionAreUsageErrors() {
    Run cmd = run("fetch-everything");
    assertThat(cmd.status()).isEqualTo(2);
    assertThat(cmd.err()).contains("fetch-everything");
    Run opt = run("list-resources", "--url", "http://127.0.0.1:1", "--admin-kee", "x");
    assertThat(opt.status()).isEqualTo(2);
    assertThat(opt.err()).contains("--admin-kee");
  }

  @Test
  void noCommandPrintsUsage() {
    Run r = run();
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("eventlog-to-rv", "get-resource", "dry-run");
  }
}
