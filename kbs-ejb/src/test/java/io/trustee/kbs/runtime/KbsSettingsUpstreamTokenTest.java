package io.trustee.kbs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kbs-config's {@code issuer_name} and {@code signer.cert_url} reach the running settings. */
class KbsSettingsUpstreamTokenTest {
  private static final String TOML =
      """
      [http_server]
      insecure_http = true

      [attestation_service]
      type = "coco_as_builtin"

      [attestation_service.attestation_token_broker]
      type = "Ear"
      issuer_name = "https://as.example"

      [attestation_service.attestation_token_broker.signer]
      cert_url = "https://as.example/signer.pem"
      """;

  @TempDir Path dir;

  @Test
  void issuerNameAndCertUrlFromTheFileAreUsedAndMicroProfileConfigWins() throws Exception {
    Path file = dir.resolve("kbs-config.toml");
    Files.writeString(file, TOML);
    KbsSettings s = TestSettings.of(Map.of("kbs.config-file", file.toString()));
    assertThat(s.tokenIssuer()).isEqualTo("https://as.example");
    assertThat(s.asApiIssuer()).isEqualTo("https://as.example/as");
    assertThat(s.tokenCertUrl()).contains("https://as.example/signer.pem");

    KbsSettings o =
        TestSettings.of(
            Map.of(
                "kbs.config-file", file.toString(),
                "kbs.token.issuer", "kbs-override",
                "kbs.token.cert-url", "https://other.example/c.pem"));
    assertThat(o.tokenIssuer()).isEqualTo("kbs-override");
    assertThat(o.tokenCertUrl()).contains("https://other.example/c.pem");
  }
}
