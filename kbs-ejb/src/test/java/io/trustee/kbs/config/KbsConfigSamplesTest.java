package io.trustee.kbs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every leaf key of every sample configuration — the composed examples of {@code
 * ../shared/spec/kbs-config.md} §2.8, read at test time, and our own operator-template samples — is
 * either honoured (in {@link #HONOURED}, and the test checks the value reached the typed
 * configuration where it can), or named by an {@code ignored: <key> (<why>)} finding, or reported
 * as unknown. Nothing is silently dropped.
 */
class KbsConfigSamplesTest {

  /** Leaf keys (array indexes written {@code []}) whose value the server applies. */
  static final Set<String> HONOURED =
      Set.of(
          // [http_server] and the flat spellings
          "http_server.sockets",
          "http_server.insecure_http",
          "http_server.private_key",
          "http_server.certificate",
          "http_server.payload_request_size",
          "http_server.tls_profile",
          "http_server.tls_min_version",
          "http_server.tls_max_version",
          "http_server.tls_ciphers",
          "sockets",
          "insecure_http",
          "timeout",
          // admin, every dialect
          "insecure_api",
          "auth_public_key",
          "admin.insecure_api",
          "admin.auth_public_key",
          "admin.type",
          "admin.personas[].id",
          "admin.personas[].public_key_path",
          "admin.authorization_mode",
          "admin.authentication.bearer_jwt.identity_providers[].issuer",
          "admin.authentication.bearer_jwt.identity_providers[].audience",
          "admin.authentication.bearer_jwt.identity_providers[].jwk_set_uri",
          "admin.authentication.bearer_jwt.identity_providers[].public_key_uri",
          "admin.authorization.regex_acl.acls[].role",
          "admin.authorization.regex_acl.acls[].allowed_endpoints",
          // token verification
          "attestation_token.trusted_certs_paths",
          "attestation_token.trusted_jwk_sets",
          "attestation_token.extra_teekey_paths",
          "attestation_token.insecure_key",
          "attestation_token.insecure_header_jwk",
          // the built-in AS
          "attestation_service.type",
          "attestation_service.timeout",
          "attestation_service.attestation_token_broker.type",
          "attestation_service.attestation_token_broker.duration_min",
          "attestation_service.attestation_token_broker.issuer_name",
          "attestation_service.attestation_token_broker.developer_name",
          "attestation_service.attestation_token_broker.build_name",
          "attestation_service.attestation_token_broker.profile_name",
          "attestation_service.attestation_token_broker.verbose_token",
          "attestation_service.attestation_token_broker.policy_dir",
          "attestation_service.attestation_token_broker.signer.key_path",
          "attestation_service.attestation_token_broker.signer.cert_path",
          "attestation_service.attestation_token_broker.signer.cert_url",
          "attestation_service.rvps_config.type",
          "attestation_service.rvps_config.storage.type",
          "attestation_service.rvps_config.storage.file_path",
          "attestation_service.rvps_config.storage_type",
          "attestation_service.storage_type",
          "as_config.work_dir",
          "as_config.attestation_token_broker",
          "as_config.attestation_token_config.duration_min",
          "as_config.attestation_token_config.issuer_name",
          "as_config.attestation_token_config.signer.key_path",
          "as_config.attestation_token_config.signer.cert_path",
          "as_config.attestation_token_config.signer.cert_url",
          "as_config.rvps_config.store_type",
          "as_config.rvps_config.store_config.file_path",
          // resources, resource policy, import sources
          "plugins[].name",
          "plugins[].type",
          "plugins[].dir_path",
          "plugins[].storage_backend_type",
          "repository_config.type",
          "repository_config.dir_path",
          "policy_engine.policy_path",
          "policy_engine_config.policy_path",
          "storage_backend.storage_type",
          "storage_backend.backends.local_fs.dir_path",
          "storage_backend.backends.local_json.file_dir_path");

  private static Path specFile() {
    Path testdata = Path.of(System.getProperty("kbs.testdata.dir", "../../shared/testdata"));
    return testdata.resolveSibling("spec").resolve("kbs-config.md");
  }

  /** The fenced {@code toml}/{@code json} blocks of §2.8 of the spec. */
  static List<Arguments> specSamples() throws IOException {
    Path spec = specFile();
    assumeTrue(Files.isRegularFile(spec), "../shared/spec/kbs-config.md not present: " + spec);
    String text = Files.readString(spec);
    int from = text.indexOf("### 2.8");
    int to = text.indexOf("### 2.9");
    assertTrue(from >= 0 && to > from, "§2.8 not found in " + spec);
    Matcher m = Pattern.compile("```(toml|json)\\n(.*?)```", Pattern.DOTALL).matcher(text);
    m.region(from, to);
    List<Arguments> out = new ArrayList<>();
    while (m.find()) {
      out.add(
          Arguments.of(
              "spec §2.8 #" + (out.size() + 1) + " (" + m.group(1) + ")", m.group(1), m.group(2)));
    }
    assertEquals(4, out.size(), "§2.8 holds the dialect A, B2, C and F examples");
    return out;
  }

  static List<Arguments> ourSamples() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String name :
        List.of(
            "operator-0.19-permissive.toml",
            "operator-0.21-restricted.toml",
            "operator-0.17-mixed.toml")) {
      try (InputStream in =
          KbsConfigSamplesTest.class.getResourceAsStream("/kbs-config-samples/" + name)) {
        out.add(Arguments.of(name, "toml", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  static Stream<Arguments> allSamples() throws IOException {
    return Stream.concat(specSamples().stream(), ourSamples().stream());
  }

  private static KbsConfig interpret(String format, String text) throws Exception {
    JsonNode doc = ("json".equals(format) ? new ObjectMapper() : new TomlMapper()).readTree(text);
    return KbsConfigFile.interpret((ObjectNode) doc, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allSamples")
  void everyKeyIsHonouredOrReported(String name, String format, String text) throws Exception {
    JsonNode doc = ("json".equals(format) ? new ObjectMapper() : new TomlMapper()).readTree(text);
    KbsConfig cfg = KbsConfigFile.interpret((ObjectNode) doc, false);
    List<String> ignored =
        cfg.warnings().stream()
            .filter(w -> w.startsWith("ignored: "))
            .map(w -> w.substring("ignored: ".length(), w.indexOf(" (")))
            .toList();
    List<String> dropped = new ArrayList<>();
    for (String leaf : leaves(doc, "")) {
      String generic = leaf.replaceAll("\\[\\d+]", "[]");
      boolean reported =
          ignored.stream().anyMatch(k -> covers(k, leaf))
              || cfg.unknownKeys().stream().anyMatch(k -> covers(k, leaf));
      if (!HONOURED.contains(generic) && !reported) {
        dropped.add(leaf);
      }
    }
    assertTrue(dropped.isEmpty(), name + ": keys neither honoured nor reported: " + dropped);
  }

  /** {@code key} names {@code leaf} itself or a table / array element that contains it. */
  private static boolean covers(String key, String leaf) {
    String k = key.replaceAll(" = .*$", "");
    return leaf.equals(k) || leaf.startsWith(k + ".") || leaf.startsWith(k + "[");
  }

  /** Dotted leaf paths; arrays of tables give {@code a[0].b}, arrays of scalars are leaves. */
  static List<String> leaves(JsonNode n, String prefix) {
    List<String> out = new ArrayList<>();
    if (n.isObject()) {
      if (n.isEmpty() && !prefix.isEmpty()) {
        out.add(prefix);
      }
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.addAll(leaves(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey()));
      }
    } else if (n.isArray() && n.size() > 0 && n.get(0).isObject()) {
      for (int i = 0; i < n.size(); i++) {
        out.addAll(leaves(n.get(i), prefix + "[" + i + "]"));
      }
    } else {
      out.add(prefix);
    }
    return out;
  }

  // ---- the honoured values reach the typed configuration ----

  @Test
  void dialectARedHatAzure() throws Exception {
    Arguments a = specSamples().get(0);
    KbsConfig c = interpret("toml", (String) a.get()[2]);
    assertEquals(List.of("0.0.0.0:8080"), c.httpServer().sockets());
    assertTrue(c.httpServer().insecureHttp());
    assertEquals(10, c.attestationService().sessionTimeoutMinutes());
    assertEquals(15, c.attestationService().tokenBroker().durationMin());
    assertEquals(
        Optional.of(Path.of("/opt/confidential-containers/attestation-service/policies")),
        c.attestationService().tokenBroker().policyDir());
    assertEquals(
        Optional.of(
            Path.of("/opt/confidential-containers/rvps/reference-values/reference-values.json")),
        c.attestationService().rvps().localJsonFile());
    assertEquals(KbsConfig.ResourceBackend.LOCAL_FS, c.resourcePlugin().orElseThrow().backend());
    assertEquals(
        Optional.of(Path.of("/opt/confidential-containers/opa/policy.rego")),
        c.resourcePolicyPath());
    assertTrue(c.attestationToken().insecureHeaderJwk());
  }

  @Test
  void dialectB2() throws Exception {
    KbsConfig c = interpret("toml", (String) specSamples().get(1).get()[2]);
    assertEquals(KbsConfig.AdminMode.SIMPLE_PERSONAS, c.admin().mode());
    assertEquals("ops", c.admin().personas().get(0).id());
    assertEquals(KbsConfig.ResourceBackend.KV_STORAGE, c.resourcePlugin().orElseThrow().backend());
    assertEquals(
        Optional.of(Path.of("/opt/confidential-containers/storage")),
        c.storageBackend().orElseThrow().localFsDirPath());
    assertEquals(
        Optional.of(Path.of("/opt/confidential-containers/storage/local_json")),
        c.storageBackend().orElseThrow().localJsonFileDirPath());
    assertEquals(Optional.of("LocalJson"), c.attestationService().rvps().kvStorageType());
  }

  @Test
  void dialectCRestricted() throws Exception {
    KbsConfig c = interpret("toml", (String) specSamples().get(2).get()[2]);
    assertEquals(KbsConfig.AdminMode.AUTHENTICATED_AUTHORIZATION, c.admin().mode());
    assertEquals("ops-idp", c.admin().identityProviders().get(0).issuer().orElseThrow());
    assertEquals(Optional.of("modern"), c.httpServer().tlsProfile());
    assertEquals(
        List.of(Path.of("/etc/attestation-cert/token.crt")),
        c.attestationToken().trustedCertsPaths());
    KbsConfig.Signer s = c.attestationService().tokenBroker().signer();
    assertEquals(Optional.of(Path.of("/etc/attestation-key/token.key")), s.keyPath());
    assertEquals(Optional.of(Path.of("/etc/attestation-cert/token.crt")), s.certPath());
  }

  @Test
  void dialectFFlatJson() throws Exception {
    KbsConfig c = interpret("json", (String) specSamples().get(3).get()[2]);
    assertEquals(5, c.attestationService().sessionTimeoutMinutes());
    assertEquals(5, c.attestationService().tokenBroker().durationMin());
    assertEquals(
        Optional.of(Path.of("/opt/confidential-containers/attestation-service")),
        c.attestationService().workDir());
    assertEquals(
        Optional.of(Path.of("/opt/confidential-containers/kbs/repository")),
        c.resourcePlugin().orElseThrow().dirPath());
  }

  @Test
  void restrictedTemplateAppliesTokenSettings() throws Exception {
    KbsConfig c = interpret("toml", (String) ourSamples().get(1).get()[2]);
    KbsConfig.TokenBroker b = c.attestationService().tokenBroker();
    assertEquals("trustee-restricted", b.issuerName());
    assertEquals(10, b.durationMin());
    assertTrue(b.verboseToken());
    assertEquals(Optional.of("https://kbs.example/token.crt"), b.signer().certUrl());
    assertEquals(Optional.of("https://example.com/ops"), b.developerName());
    assertEquals(Optional.of("1.2"), c.httpServer().tlsMinVersion());
    assertFalse(
        c.warnings().stream().anyMatch(w -> w.contains("not-a-real-password")),
        "a password must not appear in a finding");
  }

  @Test
  void permissiveTemplateReadsZeroNineteenSpellings() throws Exception {
    KbsConfig c = interpret("toml", (String) ourSamples().get(0).get()[2]);
    assertEquals(KbsConfig.AdminMode.INSECURE_ALLOW_ALL, c.admin().mode());
    assertEquals(KbsConfig.ResourceBackend.KV_STORAGE, c.resourcePlugin().orElseThrow().backend());
    assertFalse(c.attestationService().tokenBroker().verboseToken());
    assertEquals("trustee-permissive", c.attestationService().tokenBroker().issuerName());
    assertEquals(4, c.httpServer().payloadRequestSizeMiB());
    assertTrue(
        c.warnings().stream()
            .anyMatch(w -> w.startsWith("ignored: storage_backend.backends.local_json.dir_path (")),
        "the operator templates' wrong local_json key is reported: " + c.warnings());
  }
}
