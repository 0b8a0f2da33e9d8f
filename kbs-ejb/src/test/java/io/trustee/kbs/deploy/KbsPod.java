package io.trustee.kbs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks of the KBS Deployment of a kustomize build: security settings and mounts. */
final class KbsPod {
  private KbsPod() {}

  static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      if (e.has("value")) {
        env.put(e.path("name").asText(), e.path("value").asText());
      }
    }
    return env;
  }

  static JsonNode volume(JsonNode pod, String name) {
    for (JsonNode v : pod.path("volumes")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  /**
   * OpenShift's restricted SCC and the rules: non-root with an arbitrary UID (none fixed
   * here), read-only root, no privilege escalation, all capabilities dropped, seccomp
   * RuntimeDefault, requests and limits, the three MicroProfile Health probes on the KBS port.
   */
  static void assertHardened(JsonNode deployment) {
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as("pod runAsNonRoot").isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(pod.at("/securityContext").has("runAsUser"))
        .as("no fixed UID: OpenShift assigns one from the namespace range")
        .isFalse();
    assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();
    assertThat(pod.path("containers")).hasSize(1);
    for (JsonNode c : pod.path("containers")) {
      String n = c.path("name").asText();
      JsonNode sc = c.path("securityContext");
      assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true))
          .as("%s allowPrivilegeEscalation", n)
          .isFalse();
      assertThat(sc.path("privileged").asBoolean(false)).as("%s privileged", n).isFalse();
      assertThat(sc.path("readOnlyRootFilesystem").asBoolean(false))
          .as("%s readOnlyRootFilesystem", n)
          .isTrue();
      assertThat(sc.path("runAsNonRoot").asBoolean(false)).as("%s runAsNonRoot", n).isTrue();
      assertThat(sc.at("/capabilities/drop").toString())
          .as("%s drops ALL", n)
          .isEqualTo("[\"ALL\"]");
      assertThat(sc.at("/capabilities/add").isMissingNode())
          .as("%s adds no capability", n)
          .isTrue();
      assertThat(sc.at("/seccompProfile/type").asText())
          .as("%s seccomp", n)
          .isEqualTo("RuntimeDefault");
      for (String kind : List.of("requests", "limits")) {
        for (String r : List.of("cpu", "memory")) {
          assertThat(c.at("/resources/" + kind + "/" + r).isMissingNode())
              .as("%s %s.%s", n, kind, r)
              .isFalse();
        }
      }
      assertThat(c.at("/ports/0/name").asText()).isEqualTo("kbs-port");
      assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
      Map<String, String> probes =
          Map.of(
              "startupProbe",
              "/health/started",
              "readinessProbe",
              "/health/ready",
              "livenessProbe",
              "/health/live");
      probes.forEach(
          (probe, path) -> {
            JsonNode get = c.at("/" + probe + "/httpGet");
            assertThat(get.path("path").asText()).as("%s %s", n, probe).isEqualTo(path);
            assertThat(get.path("port").asText()).as("%s %s port", n, probe).isEqualTo("kbs-port");
            assertThat(c.at("/" + probe + "/timeoutSeconds").asInt(1)).isGreaterThanOrEqualTo(1);
          });
      // A slow first start (Derby creation, AMD chain check) must not be killed: >= 5 minutes.
      JsonNode startup = c.path("startupProbe");
      assertThat(
              startup.path("periodSeconds").asInt(10) * startup.path("failureThreshold").asInt(3))
          .isGreaterThanOrEqualTo(300);
    }
  }

  /**
   * Every file and directory the mounted kbs-config.toml names is served by a mount of the right
   * ConfigMap or Secret key; the command line is the operator's; the probes use the scheme the
   * config gives the listener; what the server writes is on a writable volume.
   *
   * @param secretKeys the keys of each Secret as create-trustee-secrets.sh creates them
   */
  static void assertMountsServeTheConfig(
      JsonNode deployment, Map<String, JsonNode> objects, Map<String, Set<String>> secretKeys)
      throws IOException {
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode c = pod.at("/containers/0");
    assertThat(c.path("command").toString())
        .isEqualTo(
            "[\"/usr/local/bin/kbs\",\"--config-file\",\"/etc/kbs-config/kbs-config.toml\"]");

    Set<String> volumes = new HashSet<>();
    pod.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
    Set<String> mounted = new HashSet<>();
    for (JsonNode m : c.path("volumeMounts")) {
      assertThat(volumes)
          .as("volume of mount %s", m.path("mountPath"))
          .contains(m.path("name").asText());
      assertThat(m.has("subPath")).as("subPath mounts are not refreshed").isFalse();
      mounted.add(m.path("name").asText());
    }
    assertThat(mounted).as("every volume is mounted").isEqualTo(volumes);

    Mounts mounts = new Mounts(pod, c, objects, secretKeys);
    String toml = mounts.fileContent("/etc/kbs-config/kbs-config.toml");
    JsonNode config = new TomlMapper().readTree(toml);
    for (String pointer :
        List.of(
            "/http_server/private_key",
            "/http_server/certificate",
            "/admin/auth_public_key",
            "/attestation_service/attestation_token_broker/signer/key_path",
            "/attestation_service/attestation_token_broker/signer/cert_path",
            "/attestation_service/rvps_config/storage/file_path",
            "/policy_engine/policy_path")) {
      String path = config.at(pointer).asText();
      assertThat(path).as("kbs-config %s", pointer).startsWith("/");
      mounts.requireFile(path, pointer);
    }
    String policyDir =
        config.at("/attestation_service/attestation_token_broker/policy_dir").asText();
    mounts.requireFile(policyDir + "/opa/default_cpu.rego", "policy_dir");
    String repository = config.at("/plugins/0/dir_path").asText();
    mounts.requireFile(repository + "/default/security-policy/osc", "[[plugins]] dir_path");
    assertThat(mounts.volumeAt(repository + "/default/gpg-keys").at("/secret/secretName").asText())
        .isEqualTo("gpg-keys");

    String scheme = config.at("/http_server/insecure_http").asBoolean(false) ? "HTTP" : "HTTPS";
    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
      assertThat(c.at("/" + probe + "/httpGet/scheme").asText("HTTP")).as(probe).isEqualTo(scheme);
    }

    Map<String, String> env = env(c);
    for (String dir :
        List.of(
            env.get("KBS_DATA_DIR"),
            env.get("WLP_OUTPUT_DIR"),
            "/tmp",
            "/opt/kbs-run",
            "/opt/confidential-containers")) {
      assertThat(dir).isNotNull();
      mounts.requireWritable(dir);
    }
  }

  /** The pod's mounts, resolved against the build's ConfigMaps and the script's Secrets. */
  private record Mounts(
      JsonNode pod,
      JsonNode container,
      Map<String, JsonNode> objects,
      Map<String, Set<String>> secretKeys) {

    JsonNode mountOf(String path) {
      JsonNode best = null;
      for (JsonNode m : container.path("volumeMounts")) {
        String mp = m.path("mountPath").asText();
        if ((path.equals(mp) || path.startsWith(mp + "/"))
            && (best == null || mp.length() > best.path("mountPath").asText().length())) {
          best = m;
        }
      }
      assertThat(best).as("a mount for %s", path).isNotNull();
      return best;
    }

    JsonNode volumeAt(String dir) {
      JsonNode m = mountOf(dir);
      assertThat(m.path("mountPath").asText()).as("mount point of %s", dir).isEqualTo(dir);
      return volume(pod, m.path("name").asText());
    }

    void requireFile(String path, String what) {
      JsonNode m = mountOf(path);
      String key = path.substring(m.path("mountPath").asText().length() + 1);
      assertThat(key).as("%s: %s lies directly in its mount", what, path).doesNotContain("/");
      JsonNode v = volume(pod, m.path("name").asText());
      if (v.has("configMap")) {
        JsonNode cm = objects.get("ConfigMap/" + v.at("/configMap/name").asText());
        assertThat(cm).as("%s: ConfigMap %s", what, v.at("/configMap/name")).isNotNull();
        assertThat(cm.path("data").has(key))
            .as("%s: key %s of ConfigMap %s", what, key, v.at("/configMap/name"))
            .isTrue();
      } else if (v.has("secret")) {
        String name = v.at("/secret/secretName").asText();
        assertThat(secretKeys)
            .as("%s: Secret %s is created by create-trustee-secrets.sh", what, name)
            .containsKey(name);
        assertThat(secretKeys.get(name)).as("%s: key of Secret %s", what, name).contains(key);
        assertThat(v.at("/secret/optional").asBoolean(false))
            .as("%s: Secret %s is required", what, name)
            .isFalse();
      } else {
        throw new AssertionError(what + ": " + path + " is not on a ConfigMap or Secret mount");
      }
    }

    String fileContent(String path) {
      requireFile(path, path);
      JsonNode m = mountOf(path);
      String key = path.substring(m.path("mountPath").asText().length() + 1);
      JsonNode v = volume(pod, m.path("name").asText());
      return objects
          .get("ConfigMap/" + v.at("/configMap/name").asText())
          .path("data")
          .path(key)
          .asText();
    }

    void requireWritable(String dir) {
      JsonNode m = mountOf(dir);
      assertThat(m.path("readOnly").asBoolean(false)).as("%s is writable", dir).isFalse();
      JsonNode v = volume(pod, m.path("name").asText());
      assertThat(v.has("emptyDir") || v.has("persistentVolumeClaim"))
          .as("%s is on an emptyDir or a PVC (the root filesystem is read-only)", dir)
          .isTrue();
    }
  }
}
