package io.trustee.kbs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.trustee.kbs.config.KbsConfig;
import io.trustee.kbs.config.KbsConfigFile;
import io.trustee.kbs.policy.ResourcePolicy;
import io.trustee.kbs.resource.ContainersPolicy;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.RunbookDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenShift bundle ({@code server-config/openshift}) as a cluster would see it: every manifest
 * parses, every object (as written and as {@code kubectl kustomize} builds each overlay) passes the
 * strict Kubernetes/OpenShift schema of {@code src/test/resources/openshift-schemas}, the KBS
 * Deployment keeps its security settings, its mounts serve exactly the paths its kbs-config.toml
 * names, and the content of the ConfigMaps is accepted by the server's own readers (config, Rego,
 * runbook reference values, containers-policy.json). The secrets script is tested in {@link
 * CreateTrusteeSecretsScriptTest}.
 */
class OpenShiftBundleTest {
  static final Path BUNDLE = Path.of("..", "server-config", "openshift");
  static final String NAMESPACE = "trustee-operator-system";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static Schema schema;

  /** The strict schema of src/test/resources/openshift-schemas (loaded once). */
  static synchronized Schema schema() {
    if (schema == null) {
      try (InputStream in =
          OpenShiftBundleTest.class.getResourceAsStream(
              "/openshift-schemas/kubernetes-objects.schema.json")) {
        schema =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(in, InputFormat.JSON);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schema;
  }

  /** Schema errors of one object, as "kind/name: path message" lines. */
  static List<String> schemaErrors(JsonNode object) {
    String id =
        object.path("kind").asText("?") + "/" + object.path("metadata").path("name").asText("?");
    return schema().validate(object).stream().map(Error::toString).map(e -> id + ": " + e).toList();
  }

  static List<JsonNode> yamlDocuments(String text) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readValues(YAML.createParser(text), JsonNode.class)) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          docs.add(n);
        }
      }
    }
    return docs;
  }

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> s = Files.walk(BUNDLE)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static boolean isKustomization(Path p) {
    return p.getFileName().toString().equals("kustomization.yaml");
  }

  private static boolean isPatch(Path p) {
    return p.getFileName().toString().endsWith("-patch.yaml");
  }

  // ---------------------------------------------------------------------------------------------
  // Manifests as written

  @Test
  void everyManifestParsesAndEveryKustomizationReferenceExists() throws IOException {
    List<Path> files = yamlFiles();
    assertThat(files).as("YAML files under %s", BUNDLE).hasSizeGreaterThan(10);
    for (Path f : files) {
      List<JsonNode> docs = yamlDocuments(Files.readString(f));
      assertThat(docs).as("documents in %s", f).isNotEmpty();
      if (isKustomization(f)) {
        JsonNode k = docs.get(0);
        for (String list : List.of("resources", "components")) {
          for (JsonNode r : k.path(list)) {
            assertThat(f.resolveSibling(r.asText())).as("%s %s of %s", list, r, f).exists();
          }
        }
        for (JsonNode p : k.path("patches")) {
          assertThat(f.resolveSibling(p.path("path").asText()))
              .as("patch of %s", f)
              .isRegularFile();
        }
        for (JsonNode g : k.path("configMapGenerator")) {
          for (JsonNode file : g.path("files")) {
            String src = file.asText().substring(file.asText().indexOf('=') + 1);
            assertThat(f.resolveSibling(src))
                .as("file of ConfigMap %s", g.path("name"))
                .isRegularFile();
          }
        }
      }
    }
  }

  @Test
  void everyObjectAsWrittenMatchesTheSchema() throws IOException {
    List<String> errors = new ArrayList<>();
    int objects = 0;
    for (Path f : yamlFiles()) {
      if (isKustomization(f) || isPatch(f)) {
        continue;
      }
      for (JsonNode doc : yamlDocuments(Files.readString(f))) {
        objects++;
        schemaErrors(doc).forEach(e -> errors.add(f + ": " + e));
      }
    }
    assertThat(objects).isGreaterThanOrEqualTo(11);
    assertThat(errors).isEmpty();
  }

  @Test
  void theSchemaRejectsWhatAClusterWouldReject() throws IOException {
    JsonNode deployment =
        yamlDocuments(Files.readString(BUNDLE.resolve("base/deployment.yaml"))).get(0);
    assertThat(schemaErrors(deployment)).isEmpty();

    ObjectNode typo = deployment.deepCopy();
    ObjectNode sc = (ObjectNode) typo.at("/spec/template/spec/containers/0/securityContext");
    sc.set("readOnlyRootFileSystem", sc.remove("readOnlyRootFilesystem"));
    assertThat(schemaErrors(typo)).anyMatch(e -> e.contains("readOnlyRootFileSystem"));

    ObjectNode badProbe = deployment.deepCopy();
    ((ObjectNode) badProbe.at("/spec/template/spec/containers/0/readinessProbe/httpGet"))
        .put("scheme", "TLS");
    assertThat(schemaErrors(badProbe)).anyMatch(e -> e.contains("scheme"));

    ObjectNode badQuantity = deployment.deepCopy();
    ((ObjectNode) badQuantity.at("/spec/template/spec/containers/0/resources/limits"))
        .put("memory", "1 GB");
    assertThat(schemaErrors(badQuantity)).anyMatch(e -> e.contains("memory"));

    ObjectNode noSelector = deployment.deepCopy();
    ((ObjectNode) noSelector.get("spec")).remove("selector");
    assertThat(schemaErrors(noSelector)).anyMatch(e -> e.contains("selector"));

    JsonNode route = yamlDocuments(Files.readString(BUNDLE.resolve("base/route.yaml"))).get(0);
    ObjectNode badRoute = route.deepCopy();
    ((ObjectNode) badRoute.at("/spec/tls")).put("termination", "reencrypted");
    assertThat(schemaErrors(badRoute)).anyMatch(e -> e.contains("termination"));
  }

  // ---------------------------------------------------------------------------------------------
  // What kustomize builds

  static Optional<String> kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path k = Path.of(dir, "kubectl");
      if (Files.isExecutable(k)) {
        return Optional.of(k.toString());
      }
    }
    return Optional.empty();
  }

  static List<JsonNode> kustomize(String dir) throws IOException, InterruptedException {
    Optional<String> kubectl = kubectl();
    assumeTrue(
        kubectl.isPresent(),
        "kubectl is not on PATH: the kustomize builds of server-config/openshift are NOT checked"
            + " (the manifests as written are)");
    Process p =
        new ProcessBuilder(kubectl.get(), "kustomize", BUNDLE.resolve(dir).toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl kustomize %s:%n%s", dir, out).isZero();
    return yamlDocuments(out);
  }

  private static Map<String, JsonNode> byKindAndName(List<JsonNode> objects) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (JsonNode o : objects) {
      String key = o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
      assertThat(m.put(key, o)).as("duplicate %s", key).isNull();
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/embedded", "overlays/ha", "overlays/ha-external-db"})
  void eachBuildMatchesTheSchemaAndKeepsTheKbsHardened(String dir) throws Exception {
    List<JsonNode> objects = kustomize(dir);
    List<String> errors = new ArrayList<>();
    objects.forEach(o -> errors.addAll(schemaErrors(o)));
    assertThat(errors).isEmpty();

    Map<String, JsonNode> all = byKindAndName(objects);
    for (JsonNode o : objects) {
      if (!o.path("kind").asText().equals("Namespace")) {
        assertThat(o.at("/metadata/namespace").asText())
            .as("namespace of %s", o.at("/metadata/name"))
            .isEqualTo(NAMESPACE);
      }
    }
    assertThat(all)
        .containsKeys(
            "Namespace/" + NAMESPACE,
            "ConfigMap/kbs-config-cm",
            "ConfigMap/attestation-policy",
            "ConfigMap/rvps-reference-values",
            "ConfigMap/resource-policy",
            "ConfigMap/security-policy",
            "Deployment/kbs",
            "Service/kbs-service",
            "Route/kbs-service",
            "NetworkPolicy/kbs-ingress",
            "ServiceMonitor/kbs");
    assertThat(all.get("ConfigMap/kbs-config-cm").path("data").has("kbs-config.toml")).isTrue();
    assertThat(all.get("ConfigMap/attestation-policy").path("data").has("default_cpu.rego"))
        .isTrue();
    assertThat(all.get("ConfigMap/rvps-reference-values").path("data").has("reference-values.json"))
        .isTrue();
    assertThat(all.get("ConfigMap/resource-policy").path("data").has("policy.rego")).isTrue();
    assertThat(all.get("ConfigMap/security-policy").path("data").has("osc")).isTrue();

    JsonNode deployment = all.get("Deployment/kbs");
    KbsPod.assertHardened(deployment);
    KbsPod.assertMountsServeTheConfig(deployment, all, CreateTrusteeSecretsScriptTest.secretKeys());
    assertServiceRouteAndMonitoring(all, deployment);

    JsonNode pod = deployment.at("/spec/template/spec");
    Map<String, String> env = KbsPod.env(pod.at("/containers/0"));
    switch (dir) {
      case "overlays/embedded" -> {
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(env).containsEntry("DB_KIND", "derby");
        assertThat(KbsPod.volume(pod, "data").at("/persistentVolumeClaim/claimName").asText())
            .isEqualTo("kbs-data");
        assertThat(all).containsKey("PersistentVolumeClaim/kbs-data");
      }
      case "overlays/ha", "overlays/ha-external-db" -> {
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(env).containsEntry("DB_KIND", "postgres");
        assertThat(pod.at("/containers/0/envFrom/0/secretRef/name").asText()).isEqualTo("kbs-db");
        JsonNode pdb = all.get("PodDisruptionBudget/kbs");
        assertThat(pdb).as("PodDisruptionBudget").isNotNull();
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels"))
            .isEqualTo(deployment.at("/spec/selector/matchLabels"));
        boolean lab = dir.equals("overlays/ha");
        assertThat(all.containsKey("StatefulSet/kbs-postgresql")).isEqualTo(lab);
        if (lab) {
          JsonNode sts = all.get("StatefulSet/kbs-postgresql");
          JsonNode c = sts.at("/spec/template/spec/containers/0");
          assertThat(c.at("/securityContext/capabilities/drop").toString()).contains("ALL");
          assertThat(sts.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean())
              .isTrue();
          assertThat(all.get("Service/kbs-postgresql").at("/spec/ports/0/port").asInt())
              .isEqualTo(5432);
          assertThat(
                  all.get("NetworkPolicy/kbs-postgresql-ingress")
                      .at("/spec/ingress/0/from/0/podSelector/matchLabels/app")
                      .asText())
              .isEqualTo("kbs");
        }
      }
      default -> assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    }
  }

  private static void assertServiceRouteAndMonitoring(
      Map<String, JsonNode> all, JsonNode deployment) {
    JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
    JsonNode service = all.get("Service/kbs-service");
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("kbs-port");
    service
        .at("/spec/selector")
        .fields()
        .forEachRemaining(
            e ->
                assertThat(podLabels.path(e.getKey()).asText())
                    .as("service selector %s", e.getKey())
                    .isEqualTo(e.getValue().asText()));

    JsonNode route = all.get("Route/kbs-service");
    assertThat(route.at("/spec/to/name").asText()).isEqualTo("kbs-service");
    assertThat(route.at("/spec/tls/termination").asText()).isIn("reencrypt", "edge");
    assertThat(route.at("/spec/port/targetPort").asText()).isEqualTo("kbs-port");

    JsonNode np = all.get("NetworkPolicy/kbs-ingress");
    assertThat(np.at("/spec/podSelector/matchLabels"))
        .isEqualTo(deployment.at("/spec/selector/matchLabels"));
    assertThat(np.at("/spec/policyTypes").toString()).contains("Ingress");
    assertThat(np.at("/spec/ingress")).isNotEmpty();
    boolean router = false;
    for (JsonNode rule : np.at("/spec/ingress")) {
      assertThat(rule.path("from"))
          .as("an ingress rule without 'from' admits everyone")
          .isNotEmpty();
      assertThat(rule.path("ports")).hasSize(1);
      assertThat(rule.at("/ports/0/port").asInt()).isEqualTo(8080);
      assertThat(rule.at("/ports/0/protocol").asText()).isEqualTo("TCP");
      router |= rule.toString().contains("policy-group.network.openshift.io/ingress");
    }
    assertThat(router).as("the router is admitted").isTrue();

    JsonNode sm = all.get("ServiceMonitor/kbs");
    sm.at("/spec/selector/matchLabels")
        .fields()
        .forEachRemaining(
            e ->
                assertThat(service.at("/metadata/labels").path(e.getKey()).asText())
                    .isEqualTo(e.getValue().asText()));
    assertThat(sm.at("/spec/endpoints/0/port").asText()).isEqualTo("kbs-port");
    assertThat(sm.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(KbsPod.env(deployment.at("/spec/template/spec/containers/0")))
        .containsEntry("KBS_METRICS_PUBLIC", "true");
    assertThat(route.at("/spec/path").asText())
        .as("/metrics is public in the pod, so the Route must not forward it")
        .isEqualTo("/kbs");
  }

  // ---------------------------------------------------------------------------------------------
  // ConfigMap content, read by the server's own readers

  /**
   * Writes, under {@code root}, the files the base Deployment mounts (ConfigMap keys from the
   * kustomization's generator, Secret keys as the secrets script makes them) and {@code toml} with
   * every absolute path moved under {@code root}; returns the config file.
   */
  static Path layOutMounts(Path root, String toml) throws Exception {
    JsonNode deployment =
        yamlDocuments(Files.readString(BUNDLE.resolve("base/deployment.yaml"))).get(0);
    JsonNode kustomization =
        yamlDocuments(Files.readString(BUNDLE.resolve("base/kustomization.yaml"))).get(0);
    Map<String, Map<String, byte[]>> configMaps = new LinkedHashMap<>();
    for (JsonNode g : kustomization.path("configMapGenerator")) {
      Map<String, byte[]> values = new LinkedHashMap<>();
      for (JsonNode f : g.path("files")) {
        String[] kv = f.asText().split("=", 2);
        values.put(kv[0], Files.readAllBytes(BUNDLE.resolve("base").resolve(kv[1])));
      }
      configMaps.put(g.path("name").asText(), values);
    }
    Map<String, Map<String, byte[]>> secrets = CreateTrusteeSecretsScriptTest.secretData();
    JsonNode pod = deployment.at("/spec/template/spec");
    for (JsonNode m : pod.at("/containers/0/volumeMounts")) {
      JsonNode v = KbsPod.volume(pod, m.path("name").asText());
      Map<String, byte[]> content =
          v.has("configMap")
              ? configMaps.get(v.at("/configMap/name").asText())
              : v.has("secret") ? secrets.get(v.at("/secret/secretName").asText()) : null;
      Path dir = Files.createDirectories(Path.of(root + m.path("mountPath").asText()));
      if (content != null) {
        for (Map.Entry<String, byte[]> e : content.entrySet()) {
          Files.write(dir.resolve(e.getKey()), e.getValue());
        }
      }
    }
    Path file = Path.of(root + "/etc/kbs-config/kbs-config.toml");
    Files.writeString(file, toml.replace("\"/", "\"" + root + "/"));
    return file;
  }

  @Test
  void theKbsConfigIsTheOperatorDialectAndFullyHonoured(@TempDir Path root) throws Exception {
    // The reader checks that the key and certificate files exist: lay the mounted files out under
    // a temporary root, with the material create-trustee-secrets.sh makes.
    String toml = Files.readString(BUNDLE.resolve("base/files/kbs-config.toml"));
    Path file = layOutMounts(root, toml);
    KbsConfig config = KbsConfigFile.load(file);
    assertThat(config.unknownKeys()).isEmpty();
    assertThat(config.layout()).isEqualTo(KbsConfig.Layout.A);
    assertThat(config.httpServer().insecureHttp()).isFalse();
    assertThat(config.httpServer().sockets()).containsExactly("0.0.0.0:8080");
    assertThat(config.resourcePlugin()).isPresent();
    assertThat(config.resourcePolicyPath())
        .contains(Path.of(root + "/opt/confidential-containers/opa/policy.rego"));
  }

  @Test
  void theAttestationPolicyIsTheServersDefault() throws IOException {
    assertThat(BUNDLE.resolve("base/files/default_cpu.rego"))
        .hasSameTextualContentAs(Path.of("src/main/resources/policies/default_cpu.rego"));
  }

  @Test
  void theReferenceValuesAreARunbookDocumentWithTheFivePcrsAndImages() throws Exception {
    JsonNode doc = JSON.readTree(BUNDLE.resolve("base/files/reference-values.json").toFile());
    RunbookDocument.Result r =
        RunbookDocument.toReferenceValues(doc, Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(r.warnings()).isEmpty();
    Map<String, JsonNode> byName =
        r.values().stream().collect(Collectors.toMap(ReferenceValue::name, ReferenceValue::value));
    assertThat(byName)
        .containsKeys(
            "snp_pcr03",
            "snp_pcr08",
            "snp_pcr09",
            "snp_pcr11",
            "snp_pcr12",
            "container_images",
            "container_image_digests");
    assertThat(doc.get(0).path("name").asText()).isEqualTo("azure-vtpm-snp");
    assertThat(doc.get(1).path("name").asText()).isEqualTo("container-images");
  }

  private static JsonNode claims(String status, String tee) throws IOException {
    return JSON.readTree(
        "{\"submods\":{\"cpu0\":{\"ear.status\":\""
            + status
            + "\",\"ear.veraison.annotated-evidence\":{\""
            + tee
            + "\":{\"measurement\":\"x\"}}}}}");
  }

  @Test
  void theResourcePolicyReleasesOnlyToAffirmingAzSnpVtpmGuests() throws Exception {
    String policy = Files.readString(BUNDLE.resolve("base/files/resource-policy.rego"));
    ResourcePolicy.requireCompiles(policy);
    JsonNode fetch =
        ResourcePolicy.requestData(
            "resource", List.of("default", "security-policy", "osc"), Map.of());
    assertThat(ResourcePolicy.decide(policy, claims("affirming", "az-snp-vtpm"), fetch).allowed())
        .isTrue();
    assertThat(ResourcePolicy.decide(policy, claims("warning", "az-snp-vtpm"), fetch).allowed())
        .isFalse();
    assertThat(
            ResourcePolicy.decide(policy, claims("contraindicated", "az-snp-vtpm"), fetch)
                .allowed())
        .isFalse();
    assertThat(ResourcePolicy.decide(policy, claims("affirming", "sample"), fetch).allowed())
        .isFalse();
    assertThat(ResourcePolicy.decide(policy, claims("affirming", "az-tdx-vtpm"), fetch).allowed())
        .isFalse();
    assertThat(ResourcePolicy.decide(policy, JSON.readTree("{\"submods\":{}}"), fetch).allowed())
        .isFalse();
    JsonNode twoSubmods =
        JSON.readTree(
            "{\"submods\":{\"cpu0\":{\"ear.status\":\"affirming\",\"ear.veraison.annotated-evidence\":"
                + "{\"az-snp-vtpm\":{}}},\"gpu0\":{\"ear.status\":\"warning\"}}}");
    assertThat(ResourcePolicy.decide(policy, twoSubmods, fetch).allowed()).isFalse();
    JsonNode otherPlugin = ResourcePolicy.requestData("sample", List.of("a"), Map.of());
    assertThat(
            ResourcePolicy.decide(policy, claims("affirming", "az-snp-vtpm"), otherPlugin)
                .allowed())
        .isFalse();
  }

  @Test
  void theSecurityPolicyRejectsAllButGpgSignedImagesFromTheThreeRegistries() throws Exception {
    byte[] bytes = Files.readAllBytes(BUNDLE.resolve("base/files/security-policy.json"));
    ContainersPolicy.validate(bytes);
    JsonNode p = JSON.readTree(bytes);
    assertThat(p.get("default").toString()).isEqualTo("[{\"type\":\"reject\"}]");
    JsonNode docker = p.at("/transports/docker");
    List<String> scopes = new ArrayList<>();
    docker.fieldNames().forEachRemaining(scopes::add);
    assertThat(scopes)
        .containsExactlyInAnyOrder("quay.io", "registry.redhat.io", "registry.access.redhat.com");
    for (String s : scopes) {
      JsonNode req = docker.get(s);
      assertThat(req).hasSize(1);
      assertThat(req.get(0).path("type").asText()).isEqualTo("signedBy");
      assertThat(req.get(0).path("keyType").asText()).isEqualTo("GPGKeys");
      assertThat(req.get(0).path("keyPath").asText()).startsWith("kbs:///default/gpg-keys/");
    }
    assertThat(p.get("transports").size()).as("only the docker transport").isEqualTo(1);
  }
}
