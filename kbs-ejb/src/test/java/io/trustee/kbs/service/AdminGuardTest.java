package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.admin.AdminMode;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.runtime.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin authorizer the running server builds from MicroProfile Config and a kbs-config file.
 */
class AdminGuardTest {
  @TempDir Path dir;

  private AdminGuard guard(String adminToml, Map<String, String> extra) throws Exception {
    Map<String, String> cfg = new HashMap<>(extra);
    cfg.put("kbs.data.dir", dir.resolve("data").toString());
    if (adminToml != null) {
      Path f = dir.resolve("kbs-config.toml");
      Files.writeString(f, "[http_server]\ninsecure_http = true\n" + adminToml);
      cfg.put("kbs.config-file", f.toString());
    }
    AdminGuard g = new AdminGuard();
    g.settings = TestSettings.of(cfg);
    g.clock = Clock.systemUTC();
    g.init();
    return g;
  }

  private Path ed25519Key() throws Exception {
    Path pem = dir.resolve("persona.pem");
    Files.writeString(pem, Pem.write(Pem.generateEd25519().getPublic()));
    return pem;
  }

  @Test
  void withoutConfigurationTheGeneratedEd25519KeyGuardsTheApi() throws Exception {
    AdminGuard g = guard(null, Map.of());
    assertThat(g.mode()).isEqualTo(AdminMode.ANY_OF);
    assertThat(g.insecure()).isFalse();
    assertThat(dir.resolve("data/admin/admin-public.pem")).exists();
    assertThatThrownBy(
            () -> g.require(Optional.empty(), "/kbs/v0/resource-policy", KbsError.AdminAuthAccess))
        .isInstanceOf(KbsException.class);
  }

  @Test
  void personasOfTheFileAreBuiltByTheTestedFactory() throws Exception {
    AdminGuard g =
        guard(
            "[admin]\ntype = \"Simple\"\n[[admin.personas]]\nid = \"ops\"\npublic_key_path = \""
                + ed25519Key()
                + "\"\n",
            Map.of());
    assertThat(g.mode()).isEqualTo(AdminMode.SIMPLE_PERSONAS);
    assertThatThrownBy(
            () -> g.require(Optional.empty(), "/kbs/v0/resource-policy", KbsError.AdminAuthAccess))
        .isInstanceOf(KbsException.class);
  }

  @Test
  void denyAllOfTheFileRefusesEverything() throws Exception {
    AdminGuard g = guard("[admin]\ntype = \"DenyAll\"\n", Map.of());
    assertThat(g.mode()).isEqualTo(AdminMode.DENY_ALL);
    assertThatThrownBy(
            () ->
                g.require(
                    Optional.of("Bearer x"), "/kbs/v0/resource-policy", KbsError.AdminAuthAccess))
        .isInstanceOf(KbsException.class);
  }

  @Test
  void insecureApiOfTheFileOpensTheApiAndSaysSo() throws Exception {
    AdminGuard g = guard("[admin]\ninsecure_api = true\n", Map.of());
    assertThat(g.insecure()).isTrue();
    assertThat(
            g.require(Optional.empty(), "/kbs/v0/resource-policy", KbsError.AdminAuthAccess).mode())
        .isEqualTo("InsecureAllowAll");
  }

  @Test
  void microProfileConfigWinsOverTheFileMode() throws Exception {
    AdminGuard g = guard("[admin]\ntype = \"DenyAll\"\n", Map.of("kbs.admin.insecure-api", "true"));
    assertThat(g.insecure()).isTrue();
  }

  @Test
  void aPersonaKeyThatIsNotEd25519StopsTheStartNamingThePersona() throws Exception {
    Path p256 = dir.resolve("p256.pem");
    Files.writeString(p256, Pem.write(Pem.generateP256().getPublic()));
    assertThatThrownBy(
            () ->
                guard(
                    "[admin]\ntype = \"Simple\"\n[[admin.personas]]\nid = \"ops\"\n"
                        + "public_key_path = \""
                        + p256
                        + "\"\n",
                    Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("personas.ops");
  }
}
