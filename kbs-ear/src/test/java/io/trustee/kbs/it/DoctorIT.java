package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.crypto.Pem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kbs-client doctor} against the running test server (issue #15 part 5): it passes with the
 * server's CA and the admin key (warnings allowed where the test server legitimately lacks
 * something: no AMD chains unless AzSnpVtpmIT installed them, no reference values), and fails with
 * clear rows against a misconfigured target: a wrong admin key, and a URL whose host is not in the
 * certificate's subject alternative names (the test certificate names localhost, 127.0.0.1 and the
 * host's own addresses; 127.0.0.2 reaches the same listener but is not named).
 */
class DoctorIT {
  @TempDir Path dir;

  private static String row(ItCli.Run r, String check) {
    return r.out()
        .lines()
        .filter(l -> l.startsWith(check + "  "))
        .findFirst()
        .map(l -> l.substring(check.length()).strip())
        .orElseThrow(() -> new AssertionError("no row " + check + " in\n" + r.out() + r.err()));
  }

  @Test
  void passesAgainstTheTestServer() throws Exception {
    ItCli.Run r = ItCli.admin("doctor");

    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).doesNotContain("FAIL");
    for (String check :
        List.of(
            "tls certificate",
            "tls host name",
            "tls trust",
            "readiness",
            "admin auth",
            "token keys")) {
      assertThat(row(r, check)).as(check).startsWith("ok");
    }
    assertThat(row(r, "tls host name")).contains("localhost is in the SAN");
    assertThat(row(r, "amd chains")).matches("(ok|warn) .*");
    assertThat(row(r, "reference values")).matches("(ok|warn) .*");
    assertThat(row(r, "resource policy")).matches("(ok|warn) .*").contains("sample-TEE guest is");
    assertThat(r.err()).doesNotContain("FAIL");
  }

  @Test
  void aWrongAdminKeyFailsTheAdminRows() throws Exception {
    Path key = dir.resolve("not-the-admin.pem");
    Files.writeString(key, Pem.write(Pem.generateEd25519().getPrivate()));
    ItCli.Run r =
        ItCli.exactly(
            "doctor",
            "--url",
            KbsHttp.baseUri().toString(),
            "--cacert",
            ItCli.serverPem().toString(),
            "--admin-key",
            key.toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(row(r, "admin auth"))
        .startsWith("FAIL")
        .contains("the admin key is refused: HTTP 401");
    assertThat(row(r, "readiness")).startsWith("ok");
    assertThat(row(r, "tls trust")).startsWith("ok");
    assertThat(r.err())
        .contains("FAIL admin auth: the admin key is refused")
        .contains("checks failed");
  }

  @Test
  void aHostThatIsNotInTheCertificateFails() throws Exception {
    URI base = KbsHttp.baseUri();
    String url = "https://127.0.0.2:" + base.getPort();
    ItCli.Run r =
        ItCli.exactly(
            "doctor",
            "--url",
            url,
            "--cacert",
            ItCli.serverPem().toString(),
            "--admin-key",
            AdminTokens.privateKeyFile().toAbsolutePath().toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(row(r, "tls host name"))
        .startsWith("FAIL")
        .contains("127.0.0.2 is not in the certificate's subject alternative names")
        .contains("localhost");
    assertThat(row(r, "tls trust")).startsWith("ok");
    assertThat(r.err()).contains("FAIL tls host name: 127.0.0.2 is not in");
    // (a real client also refuses every HTTP request here; this test JVM has the JDK HttpClient's
    // host-name check switched off by KbsHttp, so the HTTP rows of this run get through)

    // --insecure-tls gets through, and the certificate's problem is still reported
    ItCli.Run insecure =
        ItCli.exactly(
            "doctor",
            "--url",
            url,
            "--insecure-tls",
            "--admin-key",
            AdminTokens.privateKeyFile().toAbsolutePath().toString());
    assertThat(insecure.status()).isEqualTo(1);
    assertThat(row(insecure, "tls host name")).startsWith("FAIL");
    assertThat(row(insecure, "tls trust")).startsWith("warn").contains("--insecure-tls");
    assertThat(row(insecure, "readiness")).startsWith("ok");
    assertThat(row(insecure, "admin auth")).startsWith("ok");
  }
}
