package io.trustee.kbs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.config.KbsConfig.AdminMode;
import io.trustee.kbs.config.KbsConfig.Layout;
import io.trustee.kbs.config.KbsConfig.ResourceBackend;
import io.trustee.kbs.crypto.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KbsConfigFileTest {
  @TempDir Path dir;
  Path adminKey;
  Path tokenKey;
  Path tokenCrt;
  Path tlsKey;
  Path tlsCrt;

  @BeforeEach
  void keys() throws Exception {
    adminKey = dir.resolve("publicKey");
    Files.writeString(adminKey, Pem.write(Pem.generateEd25519().getPublic()));
    var kp = Pem.generateP256();
    tokenKey = dir.resolve("token.key");
    tokenCrt = dir.resolve("token.crt");
    Files.writeString(tokenKey, Pem.write(kp.getPrivate()));
    Files.writeString(
        tokenCrt,
        Pem.write(
            io.trustee.kbs.crypto.TlsKeystores.selfSignedCertificate(
                kp, "as", List.of(), Duration.ofDays(1))));
    tlsKey = tokenKey;
    tlsCrt = tokenCrt;
  }

  private KbsConfig load(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(
        f,
        text.replace("@ADMIN@", adminKey.toString())
            .replace("@TOKENKEY@", tokenKey.toString())
            .replace("@TOKENCRT@", tokenCrt.toString())
            .replace("@TLSKEY@", tlsKey.toString())
            .replace("@TLSCRT@", tlsCrt.toString()));
    return KbsConfigFile.load(f);
  }

  static final String DIALECT_A =
"""
[http_server]
sockets = ["0.0.0.0:8080"]
insecure_http = true

[admin]
insecure_api = false
auth_public_key = "@ADMIN@"

[attestation_token]
insecure_key = true
attestation_token_type = "CoCo"

[attestation_service]
type = "coco_as_builtin"
timeout = 10

[attestation_service.attestation_token_broker]
type = "Ear"
duration_min = 15
policy_dir = "/opt/confidential-containers/attestation-service/policies"

[attestation_service.rvps_config]
type = "BuiltIn"
storage = { type = "LocalJson", file_path = "/opt/confidential-containers/rvps/reference-values/reference-values.json" }

[[plugins]]
name = "resource"
type = "LocalFs"
dir_path = "/opt/confidential-containers/kbs/repository"

[policy_engine]
policy_path = "/opt/confidential-containers/opa/policy.rego"
""";

  @Test
  void readsDialectAExample() throws Exception {
    KbsConfig c = load("kbs-config.toml", DIALECT_A);
    assertThat(c.layout()).isEqualTo(Layout.A);
    assertThat(c.httpServer().sockets()).containsExactly("0.0.0.0:8080");
    assertThat(c.httpServer().insecureHttp()).isTrue();
    assertThat(c.httpServer().payloadRequestSizeBytes()).isEqualTo(2 * 1048576L);
    assertThat(c.admin().mode()).isEqualTo(AdminMode.ED25519_KEY);
    assertThat(c.admin().authPublicKey()).contains(adminKey);
    assertThat(c.attestationToken().insecureHeaderJwk()).isTrue();
    assertThat(c.attestationService().sessionTimeoutMinutes()).isEqualTo(10);
    assertThat(c.attestationService().tokenBroker().durationMin()).isEqualTo(15);
    assertThat(c.attestationService().tokenBroker().policyDir())
        .contains(Path.of("/opt/confidential-containers/attestation-service/policies"));
    assertThat(c.attestationService().rvps().localJsonFile())
        .contains(
            Path.of("/opt/confidential-containers/rvps/reference-values/reference-values.json"));
    assertThat(c.resourcePlugin().get().backend()).isEqualTo(ResourceBackend.LOCAL_FS);
    assertThat(c.resourcePlugin().get().dirPath())
        .contains(Path.of("/opt/confidential-containers/kbs/repository"));
    assertThat(c.resourcePolicyPath())
        .contains(Path.of("/opt/confidential-containers/opa/policy.rego"));
    assertThat(c.unknownKeys()).isEmpty();
    assertThat(c.warnings()).anyMatch(w -> w.contains("attestation_token_type"));
  }

  @Test
  void insecureApiTrueOpensAdminAndIgnoresKey() throws Exception {
    KbsConfig c = load("k.toml", DIALECT_A.replace("insecure_api = false", "insecure_api = true"));
    assertThat(c.admin().mode()).isEqualTo(AdminMode.INSECURE_ALLOW_ALL);
    assertThat(c.warnings()).anyMatch(w -> w.startsWith("ignored: admin.auth_public_key ("));
  }

  @Test
  void unknownKeysAreCollectedNotFatal() throws Exception {
    KbsConfig c =
        load(
            "k.toml",
            "top_typo = 1\n" + DIALECT_A + "\nwork_dir_typo = 1\n[http_server.extra]\nx = 1\n");
    assertThat(c.unknownKeys())
        .containsExactlyInAnyOrder("top_typo", "policy_engine.work_dir_typo", "http_server.extra");
  }

  @Test
  void missingAdminKeyFileNamesTheKey() {
    assertThatThrownBy(() -> load("k.toml", DIALECT_A.replace("@ADMIN@", "/nonexistent/publicKey")))
        .isInstanceOf(KbsConfigException.class)
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("admin.auth_public_key");
  }

  @Test
  void malformedTomlIsRefused() {
    assertThatThrownBy(() -> load("k.toml", "[http_server\nsockets = "))
        .isInstanceOf(KbsConfigException.class)
        .hasMessageContaining("malformed TOML");
  }

  @Test
  void yamlIsReadByExtension() throws Exception {
    KbsConfig c =
        load(
            "k.yaml",
            """
            http_server:
              sockets: ["0.0.0.0:8080"]
              insecure_http: true
            admin:
              type: DenyAll
            attestation_service:
              timeout: 7
            """);
    assertThat(c.layout()).isEqualTo(Layout.B);
    assertThat(c.admin().mode()).isEqualTo(AdminMode.DENY_ALL);
    assertThat(c.attestationService().sessionTimeoutMinutes()).isEqualTo(7);
    assertThatThrownBy(() -> load("k.yml", "http_server: [unclosed"))
        .hasMessageContaining("malformed YAML");
  }

  @Test
  void readsDialectB2WithPersonasAndKvStorage() throws Exception {
    KbsConfig c =
        load(
            "k.toml",
            """
            [http_server]
            sockets = ["0.0.0.0:8080"]
            private_key = "@TLSKEY@"
            certificate = "@TLSCRT@"
            payload_request_size = "4"

            [admin]
            type = "Simple"
            insecure_api = true
            [[admin.personas]]
            id = "ops"
            public_key_path = "@ADMIN@"

            [attestation_service]
            type = "coco_as_builtin"
            [attestation_service.rvps_config]
            type = "BuiltIn"
            storage_type = "LocalJson"

            [storage_backend]
            storage_type = "LocalFs"
            [storage_backend.backends.local_fs]
            dir_path = "/opt/confidential-containers/storage"
            [storage_backend.backends.local_json]
            file_dir_path = "/opt/confidential-containers/storage/local_json"

            [[plugins]]
            name = "resource"
            storage_backend_type = "kvstorage"
            """);
    assertThat(c.layout()).isEqualTo(Layout.B);
    assertThat(c.httpServer().payloadRequestSizeMiB()).isEqualTo(4);
    assertThat(c.httpServer().privateKey()).contains(tlsKey);
    assertThat(c.admin().mode()).isEqualTo(AdminMode.SIMPLE_PERSONAS);
    assertThat(c.admin().personas()).extracting(KbsConfig.Persona::id).containsExactly("ops");
    assertThat(c.warnings()).anyMatch(w -> w.startsWith("ignored: admin.insecure_api ("));
    assertThat(c.resourcePlugin().get().backend()).isEqualTo(ResourceBackend.KV_STORAGE);
    assertThat(c.storageBackend().get().storageType()).isEqualTo("LocalFs");
    assertThat(c.storageBackend().get().localFsDirPath())
        .contains(Path.of("/opt/confidential-containers/storage"));
    assertThat(c.attestationService().sessionTimeoutMinutes()).isEqualTo(5);
    assertThat(c.unknownKeys()).isEmpty();
  }

  @Test
  void dialectBDenyAllWithLegacyKeysIsDenyAll() throws Exception {
    KbsConfig c =
        load(
            "k.toml",
            "[http_server]\n"
                + "insecure_http = true\n"
                + "[admin]\n"
                + "type = \"DenyAll\"\n"
                + "insecure_api = true\n");
    assertThat(c.admin().mode()).isEqualTo(AdminMode.DENY_ALL);
    assertThat(c.resourcePlugin()).isEmpty();
    assertThat(c.warnings()).anyMatch(w -> w.contains("no resources are served"));
  }

  static final String DIALECT_C =
"""
[http_server]
sockets = ["0.0.0.0:8080"]
private_key = "@TLSKEY@"
certificate = "@TLSCRT@"
tls_profile = "modern"

[admin]
authorization_mode = "AuthenticatedAuthorization"
[admin.authentication.bearer_jwt]
identity_providers = [{ issuer = "ops-idp", audience = "trustee", jwk_set_uri = "https://idp.example/realms/ops" }, { public_key_uri = "@ADMIN@" }]
[admin.authorization.regex_acl]
acls = [{ role = "trustee-admin", allowed_endpoints = "^/kbs/v0/(resource|resource-policy|attestation-policy|reference-value)(/.*)?$" }]

[attestation_token]
trusted_certs_paths = ["@TOKENCRT@"]
extra_teekey_paths = ["/custom/key"]

[attestation_service]
type = "coco_as_builtin"
[attestation_service.attestation_token_broker.signer]
key_path = "@TOKENKEY@"
cert_path = "@TOKENCRT@"
[attestation_service.verifier_config.snp_verifier]
vcek_sources = [{ type = "OfflineStore" }, { type = "KDS" }]

[storage_backend]
storage_type = "LocalFs"
[storage_backend.backends.local_fs]
dir_path = "/opt/confidential-containers/storage"

[[plugins]]
name = "resource"
storage_backend_type = "kvstorage"
""";

  @Test
  void readsDialectCExample() throws Exception {
    KbsConfig c = load("kbs-config.toml", DIALECT_C);
    assertThat(c.layout()).isEqualTo(Layout.C);
    assertThat(c.httpServer().tlsProfile()).contains("modern");
    assertThat(c.admin().mode()).isEqualTo(AdminMode.AUTHENTICATED_AUTHORIZATION);
    assertThat(c.admin().identityProviders()).hasSize(2);
    assertThat(c.admin().identityProviders().get(0).issuer()).contains("ops-idp");
    assertThat(c.admin().acls().get(0).role()).isEqualTo("trustee-admin");
    assertThat(c.attestationToken().trustedCertsPaths()).containsExactly(tokenCrt);
    assertThat(c.attestationToken().extraTeekeyPaths()).containsExactly("/custom/key");
    assertThat(c.attestationService().tokenBroker().signer().keyPath()).contains(tokenKey);
    assertThat(c.attestationService().tokenBroker().signer().certPath()).contains(tokenCrt);
    assertThat(c.unknownKeys()).isEmpty();
  }

  @Test
  void unanchoredAclIsRefused() {
    assertThatThrownBy(
            () -> load("k.toml", DIALECT_C.replace("^/kbs/v0/(resource", "/kbs/v0/(resource")))
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("admin.authorization.regex_acl.acls[0].allowed_endpoints");
  }

  @Test
  void authenticatedAuthorizationWithoutProvidersIsRefused() {
    assertThatThrownBy(
            () ->
                load(
                    "k.toml",
                    "[http_server]\n"
                        + "insecure_http = true\n"
                        + "[admin]\n"
                        + "authorization_mode = \"AuthenticatedAuthorization\"\n"))
        .hasMessageContaining("identity provider");
  }

  @Test
  void missingSignerKeyFileNamesTheKey() {
    assertThatThrownBy(
            () ->
                load(
                    "k.toml",
                    DIALECT_C.replace(
                        "key_path = \"@TOKENKEY@\"", "key_path = \"/none/token.key\"")))
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("attestation_service.attestation_token_broker.signer.key_path");
  }

  @Test
  void missingTrustedCertNamesTheKey() {
    assertThatThrownBy(
            () ->
                load(
                    "k.toml",
                    DIALECT_C.replace(
                        "trusted_certs_paths = [\"@TOKENCRT@\"]",
                        "trusted_certs_paths = [\"/none.crt\"]")))
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("attestation_token.trusted_certs_paths[0]");
  }

  @Test
  void httpsWithoutCertificateIsRefused() {
    assertThatThrownBy(
            () ->
                load(
                    "k.toml",
                    "[http_server]\nprivate_key = \"@TLSKEY@\"\n[admin]\ntype = \"DenyAll\"\n"))
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("http_server.certificate");
  }

  @Test
  void remoteAttestationServiceIsRefused() {
    assertThatThrownBy(
            () ->
                load(
                    "k.toml",
                    "[http_server]\n"
                        + "insecure_http = true\n"
                        + "[attestation_service]\n"
                        + "type = \"coco_as_grpc\"\n"))
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("attestation_service.type");
    assertThatThrownBy(
            () ->
                load(
                    "k.toml",
                    "[http_server]\n"
                        + "insecure_http = true\n"
                        + "[attestation_service.rvps_config]\n"
                        + "type = \"GrpcRemote\"\n"))
        .hasMessageContaining("GrpcRemote");
  }

  @Test
  void unknownEnumValuesAreRefused() {
    assertThatThrownBy(
            () ->
                load(
                    "k.toml",
                    "[http_server]\ninsecure_http = true\n[admin]\ntype = \"Everyone\"\n"))
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("admin.type");
    assertThatThrownBy(
            () ->
                load(
                    "k.toml",
                    "[http_server]\n"
                        + "insecure_http = true\n"
                        + "[[plugins]]\n"
                        + "name = \"resource\"\n"
                        + "type = \"Floppy\"\n"))
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("plugins[0].type");
  }

  @Test
  void wrongTypesNameTheKey() {
    assertThatThrownBy(() -> load("k.toml", "[http_server]\ninsecure_http = \"maybe\"\n"))
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("http_server.insecure_http");
    assertThatThrownBy(
            () ->
                load(
                    "k.toml",
                    "[http_server]\n"
                        + "insecure_http = true\n"
                        + "[attestation_service]\n"
                        + "timeout = \"ten\"\n"))
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("attestation_service.timeout");
  }

  @Test
  void noAdminTableMeansDenyAllWithWarning() throws Exception {
    KbsConfig c =
        load(
            "k.toml",
            "[http_server]\n"
                + "insecure_http = true\n"
                + "[[plugins]]\n"
                + "name = \"resource\"\n"
                + "type = \"LocalFs\"\n");
    assertThat(c.layout()).isEqualTo(Layout.SECTIONED_WITHOUT_ADMIN);
    assertThat(c.admin().mode()).isEqualTo(AdminMode.DENY_ALL);
    assertThat(c.resourcePlugin().get().dirPath()).contains(KbsConfigFile.DEFAULT_REPOSITORY);
    assertThat(c.warnings()).anyMatch(w -> w.contains("dir_path missing"));
  }

  @Test
  void readsFlatJsonDialect() throws Exception {
    KbsConfig c =
        load(
            "kbs-config.json",
"""
{
  "sockets": ["0.0.0.0:8080"], "insecure_http": true, "timeout": 7,
  "auth_public_key": "@ADMIN@",
  "attestation_token_config": { "attestation_token_type": "CoCo" },
  "repository_config": { "type": "LocalFs", "dir_path": "/opt/confidential-containers/kbs/repository" },
  "as_config": {
    "work_dir": "/opt/confidential-containers/attestation-service",
    "policy_engine": "opa",
    "attestation_token_broker": "Simple",
    "attestation_token_config": { "duration_min": 5 },
    "rvps_config": { "store_type": "LocalJson",
                     "store_config": { "file_path": "/opt/confidential-containers/rvps/reference-values/reference-values.json" } }
  },
  "policy_engine_config": { "policy_path": "/opt/confidential-containers/opa/policy.rego" }
}
""");
    assertThat(c.layout()).isEqualTo(Layout.F);
    assertThat(c.attestationService().sessionTimeoutMinutes()).isEqualTo(7);
    assertThat(c.admin().mode()).isEqualTo(AdminMode.ED25519_KEY);
    assertThat(c.attestationService().tokenBroker().type()).isEqualTo("Simple");
    assertThat(c.attestationService().tokenBroker().policyDir())
        .contains(Path.of("/opt/confidential-containers/attestation-service"));
    assertThat(c.attestationService().rvps().localJsonFile())
        .contains(
            Path.of("/opt/confidential-containers/rvps/reference-values/reference-values.json"));
    assertThat(c.resourcePlugin().get().dirPath())
        .contains(Path.of("/opt/confidential-containers/kbs/repository"));
    assertThat(c.resourcePolicyPath())
        .contains(Path.of("/opt/confidential-containers/opa/policy.rego"));
    assertThat(c.unknownKeys()).isEmpty();
    assertThat(c.warnings()).anyMatch(w -> w.contains("Simple"));
  }

  @Test
  void fileWithoutExtensionTriesTomlThenJson() throws Exception {
    assertThat(
            load(
                    "kbsconf",
                    "{\"http_server\": {\"insecure_http\": true}, \"admin\": {\"type\":"
                        + " \"DenyAll\"}}")
                .layout())
        .isEqualTo(Layout.B);
    assertThat(
            load("kbsconf2", "[http_server]\ninsecure_http = true\n").httpServer().insecureHttp())
        .isTrue();
  }

  @Test
  void malformedSocketAddressIsRefused() {
    assertThatThrownBy(
            () -> load("k.toml", "[http_server]\ninsecure_http = true\nsockets = [\"0.0.0.0\"]\n"))
        .extracting(e -> ((KbsConfigException) e).key())
        .isEqualTo("http_server.sockets");
    assertThatThrownBy(
            () ->
                load(
                    "k.toml",
                    "[http_server]\ninsecure_http = true\nsockets = [\"0.0.0.0:99999\"]\n"))
        .isInstanceOf(KbsConfigException.class);
  }

  @Test
  void ipv6SocketIsAccepted() throws Exception {
    assertThat(
            load("k.toml", "[http_server]\ninsecure_http = true\nsockets = [\"[::]:8080\"]\n")
                .httpServer()
                .sockets())
        .containsExactly("[::]:8080");
  }

  @Test
  void insecureHeaderJwkNewNameIsHonoured() throws Exception {
    KbsConfig c =
        load(
            "k.toml",
            "[http_server]\n"
                + "insecure_http = true\n"
                + "[attestation_token]\n"
                + "insecure_header_jwk = true\n");
    assertThat(c.attestationToken().insecureHeaderJwk()).isTrue();
  }
}
