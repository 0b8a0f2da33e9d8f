package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The trustee operator's 0.20 mounts, laid out exactly as the operator lays them out (kbs-config.md
 * §6.3, operator v0.19+ column) under a temporary root, with an unchanged operator-style
 * kbs-config.toml ({@code [storage_backend]} LocalFs + LocalJson, {@code storage_backend_type =
 * "kvstorage"}): the key-value repository ({@code default\x2F<secret>\x2F<key>}), the Secrets
 * projected as {@code /tmp/kbs-secrets/<secret>/<key>}, {@code kbs/resource-policy.rego}, the
 * attestation-policy directory and the LocalJson {@code reference_value} file. The server started
 * with {@code -Dkbs.config-file} serves all of them, picks up a changed policy file without a
 * restart, and removes what they owned once the file is no longer configured.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorMountsIT {
  private static final String RUN = Long.toString(System.nanoTime(), 36);
  private static final String KV_SECRET = "default/op" + RUN + "/key1";
  private static final String PROJECTED = "default/op" + RUN + "-sec/token";
  private static final String POLICY_ID = "it_op_" + RUN;
  private static final String RV_NAME = "it_op_rv_" + RUN;

  private static Path root;
  private static Path configFile;
  private static Path policyFile;
  private static Path jvmOptions;
  private static String jvmOptionsBefore;

  private static String policy(String marker) {
    return "package policy\n\n# " + marker + "\ndefault allow := true\n";
  }

  @BeforeAll
  static void layOutTheOperatorMountsAndRestart() throws Exception {
    ItServer.awaitFirstStart();
    root = KbsHttp.dataDir().toAbsolutePath().normalize().getParent().resolve("it-operator-" + RUN);
    Path storage = root.resolve("storage");
    Path repo = Files.createDirectories(storage.resolve("repository"));
    Files.writeString(repo.resolve("default\\x2Fop" + RUN + "\\x2Fkey1"), "kv-secret-" + RUN);
    Path secrets = Files.createDirectories(root.resolve("kbs-secrets/op" + RUN + "-sec"));
    Files.writeString(secrets.resolve("token"), "projected-" + RUN);
    Files.createDirectories(storage.resolve("kbs"));
    Files.writeString(storage.resolve("kbs/resource-policy.rego"), Admin.ALLOW_ALL);
    Path asPolicies = Files.createDirectories(storage.resolve("attestation_service_policy"));
    policyFile = asPolicies.resolve(POLICY_ID + ".rego");
    Files.writeString(policyFile, policy("first"));
    Path localJson = Files.createDirectories(storage.resolve("local_json"));
    String record =
        "{\"version\":\"0.1.0\",\"name\":\""
            + RV_NAME
            + "\",\"expiration\":\"2030-01-01T00:00:00Z\",\"value\":[\"op-digest-"
            + RUN
            + "\"]}";
    Files.writeString(
        localJson.resolve("reference_value"),
        "{\""
            + RV_NAME
            + "\":\""
            + Base64.getUrlEncoder().encodeToString(record.getBytes(StandardCharsets.UTF_8))
            + "\"}");

    configFile = root.resolve("kbs-config.toml");
    Files.writeString(
        configFile,
        """
        [http_server]
        sockets = ["0.0.0.0:8080"]
        insecure_http = true

        [admin]
        insecure_api = false
        auth_public_key = "$DATA/admin/admin-public.pem"

        [attestation_token]
        insecure_key = true

        [attestation_service]
        type = "coco_as_builtin"
        [attestation_service.attestation_token_broker]
        duration_min = 5
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
        """
            .replace("$DATA", KbsHttp.dataDir().toAbsolutePath().normalize().toString())
            .replace("$ROOT", root.toString()));

    jvmOptions = ItServer.serverDir().resolve("jvm.options");
    jvmOptionsBefore = Files.exists(jvmOptions) ? Files.readString(jvmOptions) : null;
    // An API policy the mounted file must replace at start.
    assertThat(Admin.setResourcePolicy(Admin.DENY_ALL).status()).isEqualTo(200);
    Files.writeString(
        jvmOptions,
        (jvmOptionsBefore == null ? "" : jvmOptionsBefore + "\n")
            + "-Dkbs.config-file="
            + configFile
            + "\n");
    // The operator projects Secrets under /tmp/kbs-secrets; this test points that one path here.
    ItServer.override(Map.of("kbs.resource.secrets-dir", root.resolve("kbs-secrets").toString()));
    ItServer.restart();
  }

  @AfterAll
  static void restoreTheServer() throws Exception {
    if (jvmOptionsBefore == null) {
      Files.deleteIfExists(jvmOptions);
    } else {
      Files.writeString(jvmOptions, jvmOptionsBefore);
    }
    ItServer.override(null);
    ItServer.restart();
    // What the mounts owned is gone once they are no longer configured.
    KbsHttp.Reply rv = admin("GET", "/kbs/v0/reference-value/" + RV_NAME);
    assertThat(rv.status()).as(rv.body()).isNotEqualTo(200);
    assertThat(admin("GET", "/policy/" + POLICY_ID).status()).isNotEqualTo(200);
    assertThat(Admin.setResourcePolicy(Admin.ALLOW_ALL).status()).isEqualTo(200);
    assertThat(SampleGuest.fetchAttested(KV_SECRET).status()).isEqualTo(401);
  }

  private static KbsHttp.Reply admin(String method, String path) throws Exception {
    return new KbsHttp().send(method, path, null, Admin.auth());
  }

  private static void eventually(Supplier<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("waited 60 s for: " + what).isLessThan(deadline);
      Thread.sleep(1000);
    }
  }

  @Test
  @Order(1)
  void secretsOfTheKeyValueRepositoryAndTheProjectedSecretsAreReleased() throws Exception {
    // the mounted resource policy (allow all) replaced the API's deny-all at start
    assertThat(SampleGuest.releasedSecret(KV_SECRET)).isEqualTo("kv-secret-" + RUN);
    assertThat(SampleGuest.releasedSecret(PROJECTED)).isEqualTo("projected-" + RUN);
  }

  @Test
  @Order(2)
  void referenceValuesOfTheLocalJsonNamespaceAreImported() throws Exception {
    KbsHttp.Reply rv = admin("GET", "/kbs/v0/reference-value/" + RV_NAME);
    assertThat(rv.status()).as(rv.body()).isEqualTo(200);
    assertThat(rv.body()).contains("op-digest-" + RUN);
    KbsHttp.Reply delete = admin("DELETE", "/kbs/v0/reference-value/" + RV_NAME);
    assertThat(delete.status()).as(delete.body()).isEqualTo(409);
  }

  @Test
  @Order(3)
  void attestationPolicyFilesAreOwnedAndFollowedWithoutRestart() throws Exception {
    KbsHttp.Reply p = admin("GET", "/policy/" + POLICY_ID);
    assertThat(p.status()).as(p.body()).isEqualTo(200);
    assertThat(p.body()).contains("# first");

    String body =
        "{\"type\":\"rego\",\"policy_id\":\""
            + POLICY_ID
            + "\",\"policy\":\""
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(policy("api").getBytes(StandardCharsets.UTF_8))
            + "\"}";
    KbsHttp.Reply refused =
        new KbsHttp()
            .send(
                "POST",
                "/kbs/v0/attestation-policy",
                body.getBytes(StandardCharsets.UTF_8),
                Map.of(
                    "Authorization",
                    Admin.auth().get("Authorization"),
                    "Content-Type",
                    "application/json"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("detail").asText()).contains(policyFile.getParent().toString());

    Files.writeString(policyFile, policy("second"));
    eventually(
        () -> {
          try {
            return admin("GET", "/policy/" + POLICY_ID).body().contains("# second");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        "the changed policy file is imported");

    Files.delete(policyFile);
    eventually(
        () -> {
          try {
            return admin("GET", "/policy/" + POLICY_ID).status() != 200;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        "the removed policy file's policy is deleted");
  }
}
