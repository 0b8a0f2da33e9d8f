package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * An upstream kbs-config file reaches the running server: Liberty's MicroProfile Config finds the
 * application's {@code KbsConfigFileSource} (registered in {@code META-INF/services} of the EJB
 * module), whose {@code issuer_name} becomes {@code kbs.token.issuer}, and the structured {@code
 * [admin]} section is built by {@code AdminAuthorizers.fromConfig}. Restarts the test server with
 * {@code -Dkbs.config-file} in its {@code jvm.options} and restores it afterwards.
 */
class KbsConfigFileIT {
  private static final String ISSUER = "https://kbs-config-file-it.example";

  @Test
  void issuerNameAndAdminModeOfTheFileAreUsedByTheRunningServer() throws Exception {
    ItServer.awaitFirstStart();
    Path file = Files.createTempFile("kbs-config-it", ".toml");
    Files.writeString(
        file,
        """
        [http_server]
        insecure_http = true

        [admin]
        type = "DenyAll"

        [attestation_service]
        type = "coco_as_builtin"

        [attestation_service.attestation_token_broker]
        type = "Ear"
        issuer_name = "%s"
        """
            .formatted(ISSUER));
    Path jvmOptions = ItServer.serverDir().resolve("jvm.options");
    String before = Files.exists(jvmOptions) ? Files.readString(jvmOptions) : null;
    try {
      assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
      Files.writeString(
          jvmOptions, (before == null ? "" : before + "\n") + "-Dkbs.config-file=" + file + "\n");
      ItServer.restart();

      assertThat(
              new KbsHttp().get("/.well-known/openid-configuration").json().get("issuer").asText())
          .isEqualTo(ISSUER);
      KbsHttp.Reply denied = Admin.setResourcePolicy(Admin.ALLOW_ALL);
      assertThat(denied.status()).as(denied.body()).isEqualTo(401);
    } finally {
      if (before == null) {
        Files.deleteIfExists(jvmOptions);
      } else {
        Files.writeString(jvmOptions, before);
      }
      Files.deleteIfExists(file);
      ItServer.restart();
    }
    assertThat(new KbsHttp().get("/.well-known/openid-configuration").json().get("issuer").asText())
        .isNotEqualTo(ISSUER);
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
  }
}
