package io.trustee.kbs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each operator generation's mounts are found (kbs-config.md §6.3). */
class ImportSourcesTest {

  @TempDir Path root;

  private KbsConfig toml(String text) throws Exception {
    return KbsConfigFile.interpret(
        (ObjectNode) new TomlMapper().readTree(text.replace("$ROOT", root.toString())), false);
  }

  private Path dir(String rel) throws Exception {
    return Files.createDirectories(root.resolve(rel));
  }

  private Path file(String rel) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, "x");
  }

  private static final String B2 =
      """
      [http_server]
      insecure_http = true
      [admin]
      type = "DenyAll"
      [attestation_service]
      type = "coco_as_builtin"
      [attestation_service.rvps_config]
      type = "BuiltIn"
      storage_type = "LocalJson"
      [storage_backend]
      storage_type = "LocalFs"
      [storage_backend.backends.local_fs]
      dir_path = "$ROOT/storage"
      [storage_backend.backends.local_json]
      file_dir_path = "$ROOT/storage/local_json"
      [[plugins]]
      name = "resource"
      storage_backend_type = "kvstorage"
      """;

  @Test
  void operatorZeroTwentyLayout() throws Exception {
    Path repo = dir("storage/repository");
    Path policy = file("storage/kbs/resource-policy.rego");
    Path asPolicies = dir("storage/attestation_service_policy");
    Path rv = file("storage/local_json/reference_value");
    Path secrets = dir("kbs-secrets");

    ImportSources s = ImportSources.of(toml(B2), secrets);

    assertEquals(Optional.of(repo), s.kvResourceDir());
    assertEquals(Optional.empty(), s.legacyResourceDir());
    assertEquals(Optional.of(secrets), s.secretsDir());
    assertEquals(Optional.of(policy), s.resourcePolicyFile());
    assertEquals(Optional.of(asPolicies), s.attestationPolicyDir());
    assertEquals(Optional.of(rv), s.referenceValueFile());
    assertEquals(Optional.empty(), s.referenceValueDir());
  }

  @Test
  void zeroNineteenSpellingsAreFoundWhenTheNewOnesAreAbsent() throws Exception {
    Path asPolicies = dir("storage/attestation-service-policy");
    Path rv = file("storage/local_json/reference-value");

    ImportSources s = ImportSources.of(toml(B2), root.resolve("absent"));

    assertEquals(Optional.of(asPolicies), s.attestationPolicyDir());
    assertEquals(Optional.of(rv), s.referenceValueFile());
    assertEquals(Optional.empty(), s.secretsDir(), "no /tmp/kbs-secrets, no secrets import");
    assertTrue(
        s.notes().stream()
            .anyMatch(n -> n.startsWith("resources: ") && n.contains("does not exist")),
        "a missing repository directory is said at start: " + s.notes());
  }

  @Test
  void restrictedLocalFsReferenceValuesAreADirectory() throws Exception {
    Path rvDir = dir("storage/reference_value");
    KbsConfig c =
        toml(
            """
            [http_server]
            insecure_http = true
            [admin]
            type = "DenyAll"
            [storage_backend]
            storage_type = "LocalFs"
            [storage_backend.backends.local_fs]
            dir_path = "$ROOT/storage"
            [[plugins]]
            name = "resource"
            storage_backend_type = "kvstorage"
            """);

    ImportSources s = ImportSources.of(c, root.resolve("absent"));

    assertEquals(Optional.of(rvDir), s.referenceValueDir());
    assertEquals(Optional.empty(), s.referenceValueFile());
  }

  @Test
  void dialectAWithPolicyDirAndLegacyFiles() throws Exception {
    Path opa = dir("as/policies/opa");
    KbsConfig c =
        toml(
            """
            [http_server]
            insecure_http = true
            [admin]
            insecure_api = true
            [attestation_service]
            type = "coco_as_builtin"
            [attestation_service.attestation_token_broker]
            type = "Ear"
            policy_dir = "$ROOT/as/policies"
            [attestation_service.rvps_config]
            type = "BuiltIn"
            storage = { type = "LocalJson", file_path = "$ROOT/rvps/reference-values.json" }
            [[plugins]]
            name = "resource"
            type = "LocalFs"
            dir_path = "$ROOT/kbs/repository"
            [policy_engine]
            policy_path = "$ROOT/opa/policy.rego"
            """);

    ImportSources s = ImportSources.of(c, root.resolve("absent"));

    assertEquals(Optional.of(root.resolve("kbs/repository")), s.legacyResourceDir());
    assertEquals(Optional.empty(), s.kvResourceDir());
    assertEquals(Optional.of(root.resolve("opa/policy.rego")), s.resourcePolicyFile());
    assertEquals(Optional.of(opa), s.attestationPolicyDir());
    assertEquals(Optional.of(root.resolve("rvps/reference-values.json")), s.referenceValueFile());
  }

  @Test
  void flatDialectTakesPoliciesFromTheWorkDir() throws Exception {
    Path opa = dir("as/opa");
    String json =
        """
        { "sockets": ["0.0.0.0:8080"], "insecure_http": true, "insecure_api": true,
          "repository_config": { "type": "LocalFs", "dir_path": "$ROOT/kbs/repository" },
          "as_config": { "work_dir": "$ROOT/as", "policy_engine": "opa",
            "attestation_token_broker": "Simple", "attestation_token_config": { "duration_min": 5 },
            "rvps_config": { "store_type": "LocalJson",
                             "store_config": { "file_path": "$ROOT/rv.json" } } },
          "policy_engine_config": { "policy_path": "$ROOT/opa/policy.rego" } }
        """
            .replace("$ROOT", root.toString());
    KbsConfig c = KbsConfigFile.interpret((ObjectNode) new ObjectMapper().readTree(json), false);

    ImportSources s = ImportSources.of(c, root.resolve("absent"));

    assertEquals(Optional.of(opa), s.attestationPolicyDir());
    assertEquals(Optional.of(root.resolve("rv.json")), s.referenceValueFile());
    assertEquals(Optional.of(root.resolve("kbs/repository")), s.legacyResourceDir());
  }

  @Test
  void redHatFilesKeepPolicyPathNextToKvStorage() throws Exception {
    file("storage/kbs/resource-policy.rego");
    KbsConfig c =
        toml(
            B2
                + """
                [policy_engine]
                policy_path = "$ROOT/opa/policy.rego"
                """);

    ImportSources s = ImportSources.of(c, root.resolve("absent"));

    assertEquals(Optional.of(root.resolve("opa/policy.rego")), s.resourcePolicyFile());
  }
}
