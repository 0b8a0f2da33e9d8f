package io.trustee.kbs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kbs-config file as a MicroProfile Config source: one table from upstream keys to ours. */
class KbsConfigFileSourceTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void everyMappedUpstreamKeyBecomesItsKbsSetting() throws Exception {
    Path pem = write("signer.pem", "unused");
    Path certs = write("ca.pem", "unused");
    Path policy = write("policy.rego", "package policy");
    Path rv = write("reference-values.json", "[]");
    Path repo = Files.createDirectories(dir.resolve("repository"));
    Path f =
        write(
            "kbs-config.toml",
            """
            [http_server]
            insecure_http = true
            payload_request_size = 3

            [admin]
            insecure_api = true

            [attestation_service]
            type = "coco_as_builtin"
            timeout = 7

            [attestation_service.attestation_token_broker]
            type = "Ear"
            duration_min = 9
            issuer_name = "https://as.example"
            developer_name = "https://dev.example"
            build_name = "kbs 9"
            profile_name = "tag:example.com,2026:p"
            verbose_token = false

            [attestation_service.attestation_token_broker.signer]
            key_path = "@PEM@"
            cert_url = "https://as.example/signer.pem"

            [attestation_service.rvps_config]
            type = "BuiltIn"
            [attestation_service.rvps_config.storage]
            type = "LocalJson"
            file_path = "@RV@"

            [attestation_token]
            trusted_certs_paths = ["@CERTS@", "@CERTS@"]
            trusted_jwk_sets = ["https://idp.example/jwks"]
            insecure_key = true
            extra_teekey_paths = ["/a/b"]

            [policy_engine]
            policy_path = "@POLICY@"

            [[plugins]]
            name = "resource"
            type = "LocalFs"
            dir_path = "@REPO@"
            """
                .replace("@PEM@", pem.toString())
                .replace("@RV@", rv.toString())
                .replace("@CERTS@", certs.toString())
                .replace("@POLICY@", policy.toString())
                .replace("@REPO@", repo.toString()));
    KbsConfigFileSource source = new KbsConfigFileSource(Optional.of(f));
    assertThat(source.getProperties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("kbs.session.timeout", "7"),
                Map.entry("kbs.token.duration", "9"),
                Map.entry("kbs.token.issuer", "https://as.example"),
                Map.entry("kbs.token.key-file", pem.toString()),
                Map.entry("kbs.token.cert-url", "https://as.example/signer.pem"),
                Map.entry("kbs.token.developer", "https://dev.example"),
                Map.entry("kbs.token.build", "kbs 9"),
                Map.entry("kbs.token.profile", "tag:example.com,2026:p"),
                Map.entry("kbs.token.verbose", "false"),
                Map.entry("kbs.rvps.file", rv.toString()),
                Map.entry("kbs.admin.insecure-api", "true"),
                Map.entry("kbs.max-request-bytes", String.valueOf(3 * 1_048_576L)),
                Map.entry("kbs.token.trusted-certs", certs + "," + certs),
                Map.entry("kbs.token.trusted-jwk-sets", "https://idp.example/jwks"),
                Map.entry("kbs.token.insecure-header-jwk", "true"),
                Map.entry("kbs.token.extra-teekey-paths", "/a/b"),
                Map.entry("kbs.resource.policy-file", policy.toString()),
                Map.entry("kbs.resource.legacy-dir", repo.toString())));
    assertThat(source.getValue("kbs.token.duration")).isEqualTo("9");
    assertThat(source.getPropertyNames()).contains("kbs.rvps.file");
    assertThat(source.getName()).contains(f.toString());

    KbsSettings s = TestSettings.of(Map.of("kbs.config-file", f.toString()));
    assertThat(s.sessionTimeout()).hasMinutes(7);
    assertThat(s.trustedCertPaths()).containsExactly(certs, certs);
    assertThat(s.resourcePolicyFile()).contains(policy);
    assertThat(s.insecureApi()).isTrue();
    assertThat(s.configFile()).isPresent();
    assertThat(s.earConfig("https://as.example"))
        .isEqualTo(
            new io.trustee.kbs.as.EarConfig(
                9,
                "https://as.example",
                "https://dev.example",
                "kbs 9",
                "tag:example.com,2026:p",
                false));
  }

  @Test
  void ordinalIsBelowEnvironmentAndAboveThePropertiesFile() {
    int ordinal = new KbsConfigFileSource(Optional.empty()).getOrdinal();
    assertThat(ordinal).isGreaterThan(100).isLessThan(300);
  }

  @Test
  void withoutAFileTheSourceIsEmpty() {
    KbsConfigFileSource source = new KbsConfigFileSource(Optional.empty());
    assertThat(source.getProperties()).isEmpty();
    assertThat(source.getValue("kbs.session.timeout")).isNull();
  }

  @Test
  void aMalformedFileGivesNoPropertiesAndTheStartUpNamesTheKey() throws Exception {
    Path f =
        write(
            "kbs-config.toml",
            "[http_server]\ninsecure_http = true\n[attestation_service]\ntimeout = \"soon\"\n");
    assertThat(new KbsConfigFileSource(Optional.of(f)).getProperties()).isEmpty();
    KbsSettings s = TestSettings.of(Map.of("kbs.config-file", f.toString()));
    assertThatThrownBy(s::configFile)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("attestation_service.timeout");
  }

  @Test
  void microProfileConfigWinsOverTheFile() throws Exception {
    Path f =
        write(
            "kbs-config.toml",
            "[http_server]\ninsecure_http = true\n[attestation_service]\ntimeout = 7\n");
    KbsSettings s =
        TestSettings.of(Map.of("kbs.config-file", f.toString(), "kbs.session.timeout", "PT30S"));
    assertThat(s.sessionTimeout()).hasSeconds(30);
  }

  @Test
  void theReadmeTableListsExactlyTheMappedKeys() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int start = readme.indexOf("<!-- kbs-config keys");
    assertThat(start).isPositive();
    String table = readme.substring(start, readme.indexOf("\n\n", start));
    Matcher m = Pattern.compile("\\| `(kbs\\.[a-z0-9.-]+)`").matcher(table);
    List<String> documented = m.results().map(r -> r.group(1)).toList();
    assertThat(documented)
        .containsExactlyElementsOf(
            KbsConfigFileSource.KEYS.stream().map(KbsConfigFileSource.Mapping::kbsKey).toList());
  }

  @Test
  void theSourceIsRegisteredForServiceLoading() throws Exception {
    try (var in =
        KbsConfigFileSource.class.getResourceAsStream(
            "/META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource")) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim())
          .isEqualTo(KbsConfigFileSource.class.getName());
    }
  }
}
