package io.trustee.kbs.as;

import static io.trustee.kbs.as.AzSnpVtpmFixture.JSON;
import static io.trustee.kbs.as.PolicyGoldens.azSnpVtpmAffirmingValues;
import static io.trustee.kbs.as.PolicyGoldens.evaluate;
import static io.trustee.kbs.as.PolicyGoldens.strings;
import static io.trustee.kbs.as.PolicyGoldens.vector;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import io.trustee.kbs.policy.RegoAttestationPolicyEngine;
import io.trustee.kbs.rvps.InMemoryReferenceValueRepository;
import io.trustee.kbs.rvps.ProvenanceVerifier;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueService;
import io.trustee.kbs.rvps.RunbookDocument;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden tests of the container-image appraisal of {@code default_cpu} on the real Rego engine, for
 * the az-snp-vtpm claim set of the upstream test evidence (shared/testdata/README.md, see {@link
 * AzSnpVtpmFixture}): image reference values registered in the runbook format ({@code
 * container-images} / {@code images[{image, digest}]} → {@code container_image_refs}) against the
 * images a guest names in its init-data ({@code [data] images}), its structured runtime data
 * ({@code images}) or, pinned by digest, its agent policy; the result in the trust vector ({@code
 * executables}), the {@code ear.trustee.identifiers} extension and the "why denied" record.
 */
class ContainerImageGoldenTest {
  static final String DEFAULT_CPU = DefaultPolicies.text("default_cpu");
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final String APP = "quay.io/example/app";
  static final String DB = "registry.redhat.io/rhel9/postgresql-15";
  static final String APP_DIGEST = "sha256:" + "a1".repeat(32);
  static final String DB_DIGEST = "sha256:" + "b2".repeat(32);
  static final String OTHER_DIGEST = "sha256:" + "c3".repeat(32);

  static final Map<String, Integer> AFFIRMING = vector(3, 2, 2);
  static final Map<String, Integer> EXECUTABLES_DROPPED = vector(33, 2, 2);

  /** The runbook of the source document: PCR 11 and two container images. */
  static final String RUNBOOK =
      "[{\"name\":\"azure-vtpm-snp\",\"pcrs\":{\"11\":\""
          + "0".repeat(64)
          + "\"}},"
          + "{\"name\":\"container-images\",\"images\":["
          + "{\"image\":\""
          + APP
          + ":1.4\",\"digest\":\""
          + APP_DIGEST
          + "\"},"
          + "{\"image\":\""
          + DB
          + ":latest\",\"digest\":\""
          + DB_DIGEST.toUpperCase(java.util.Locale.ROOT).replace("SHA256:", "sha256:")
          + "\"}]}]";

  /** The affirming az-snp-vtpm values plus the runbook's, mapped as the RVPS maps them. */
  static Map<String, JsonNode> valuesWithImages() throws Exception {
    Map<String, JsonNode> rv = new LinkedHashMap<>(azSnpVtpmAffirmingValues());
    for (ReferenceValue v :
        RunbookDocument.toReferenceValues(JSON.readTree(RUNBOOK), NOW).values()) {
      rv.put(v.name(), v.value());
    }
    return rv;
  }

  static String initDataToml(String imagesJson) {
    return "algorithm = \"sha256\"\n"
        + "version = \"0.1.0\"\n\n"
        + "[data]\n"
        + "\"aa.toml\" = '''\n"
        + "[token_configs.kbs]\n"
        + "url = \"https://kbs-service:8080\"\n"
        + "'''\n"
        + "images = '''"
        + imagesJson
        + "'''\n";
  }

  /** The az-snp-vtpm input with the init-data claims of {@code toml} (as the AS builds it). */
  static ObjectNode inputWithInitData(String toml) throws Exception {
    JsonNode claims =
        InitDataProcessor.process(new ExpectedInitData.Toml(toml), "init_data").claims();
    ObjectNode runtime = JSON.createObjectNode().put("nonce", "n");
    return PolicyInput.build("az-snp-vtpm", AzSnpVtpmFixture.claims(), claims, runtime, true);
  }

  static ObjectNode inputWithRuntimeImages(String imagesJson) throws Exception {
    ObjectNode runtime = JSON.createObjectNode().put("nonce", "n");
    runtime.set("images", JSON.readTree(imagesJson));
    return PolicyInput.build("az-snp-vtpm", AzSnpVtpmFixture.claims(), null, runtime, true);
  }

  static JsonNode checks(PolicyGoldens.Evaluation e) {
    return e.verdict().ruleValues().get(ContainerImageChecks.RULE);
  }

  static JsonNode identifiers(PolicyGoldens.Evaluation e) {
    return e.verdict().extensions().get(0).value();
  }

  // ---------------------------------------------------------------------------------------------
  // policy level

  @Test
  void aGuestNamingNoImagesIsUnchangedWhenImageValuesAreRegistered() throws Exception {
    var e = evaluate(DEFAULT_CPU, PolicyGoldens.azSnpVtpmInput(), valuesWithImages());

    assertThat(e.claims()).isEqualTo(AFFIRMING);
    assertThat(identifiers(e)).isEqualTo(JSON.readTree("{\"validated\":{}}"));
    assertThat(e.verdict().ruleValues()).doesNotContainKey(ContainerImageChecks.RULE);
    assertThat(e.queried()).doesNotContain("container_image_refs");
  }

  @Test
  void matchingInitDataImagesKeepExecutablesAffirmingAndAreListedAsValidated() throws Exception {
    String images =
        "[\""
            + APP
            + "@"
            + APP_DIGEST
            + "\", {\"image\":\""
            + DB
            + ":latest\",\"digest\":\""
            + DB_DIGEST
            + "\"}]";

    var e = evaluate(DEFAULT_CPU, inputWithInitData(initDataToml(images)), valuesWithImages());

    assertThat(e.claims()).isEqualTo(AFFIRMING);
    assertThat(e.vector().status()).isEqualTo(TrustTier.AFFIRMING);
    assertThat(e.verdict().ruleValues().get("executables").intValue()).isEqualTo(3);
    assertThat(checks(e)).hasSize(2);
    checks(e).forEach(c -> assertThat(c.get("result").asText()).isEqualTo("matched"));
    assertThat(identifiers(e).at("/validated/container_image_refs"))
        .isEqualTo(strings(APP + "@" + APP_DIGEST, DB + "@" + DB_DIGEST));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"quay.io/example/app:1.4@SHA256:a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1\"",
        "{\"image\":\"quay.io/example/app\",\"digest\":"
            + "\"a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1\"}",
        "{\"image\":\"quay.io/example/app:2.0@sha256:"
            + "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1\"}"
      })
  void everyAcceptedEntryShapeMatchesByRepositoryAndDigest(String entry) throws Exception {
    var e = evaluate(DEFAULT_CPU, inputWithRuntimeImages("[" + entry + "]"), valuesWithImages());

    assertThat(e.claims()).isEqualTo(AFFIRMING);
    assertThat(checks(e).get(0).get("repository").asText()).isEqualTo(APP);
    assertThat(checks(e).get(0).get("observed_digest").asText()).isEqualTo(APP_DIGEST);
    assertThat(checks(e).get(0).get("result").asText()).isEqualTo("matched");
  }

  @Test
  void oneImageWithAWrongDigestDropsExactlyExecutables() throws Exception {
    String images = "[\"" + APP + "@" + OTHER_DIGEST + "\", \"" + DB + "@" + DB_DIGEST + "\"]";

    var e = evaluate(DEFAULT_CPU, inputWithInitData(initDataToml(images)), valuesWithImages());

    assertThat(e.claims()).isEqualTo(EXECUTABLES_DROPPED);
    assertThat(e.vector().status()).isEqualTo(TrustTier.WARNING);
    JsonNode app = findCheck(checks(e), APP + "@" + OTHER_DIGEST);
    assertThat(app.get("result").asText()).isEqualTo("digest_mismatch");
    assertThat(app.get("observed_digest").asText()).isEqualTo(OTHER_DIGEST);
    assertThat(app.get("expected_digests")).isEqualTo(strings(APP_DIGEST));
    assertThat(findCheck(checks(e), DB + "@" + DB_DIGEST).get("result").asText())
        .isEqualTo("matched");
    assertThat(identifiers(e).at("/validated/container_image_refs"))
        .isEqualTo(strings(DB + "@" + DB_DIGEST));
  }

  @Test
  void anImageThatIsNotRegisteredDropsExecutables() throws Exception {
    String images = "[\"quay.io/attacker/miner@" + APP_DIGEST + "\"]";

    var e = evaluate(DEFAULT_CPU, inputWithInitData(initDataToml(images)), valuesWithImages());

    assertThat(e.claims()).isEqualTo(EXECUTABLES_DROPPED);
    assertThat(checks(e).get(0).get("result").asText()).isEqualTo("not_registered");
    assertThat(checks(e).get(0).get("expected_digests")).isEqualTo(JSON.createArrayNode());
  }

  @Test
  void anImageNamedWithoutADigestCannotBeAppraisedAndDropsExecutables() throws Exception {
    var e =
        evaluate(DEFAULT_CPU, inputWithRuntimeImages("[\"" + APP + ":1.4\"]"), valuesWithImages());

    assertThat(e.claims()).isEqualTo(EXECUTABLES_DROPPED);
    assertThat(checks(e).get(0).get("result").asText()).isEqualTo("no_digest");
    assertThat(checks(e).get(0).get("observed_digest").asText()).isEmpty();
  }

  @Test
  void withoutImageReferenceValuesNamedImagesAreNotCheckedAndTheVectorIsUnchanged()
      throws Exception {
    String images = "[\"quay.io/attacker/miner@" + OTHER_DIGEST + "\"]";

    var e =
        evaluate(DEFAULT_CPU, inputWithInitData(initDataToml(images)), azSnpVtpmAffirmingValues());

    assertThat(e.claims()).isEqualTo(AFFIRMING);
    assertThat(checks(e).get(0).get("result").asText()).isEqualTo("not_checked");
    assertThat(identifiers(e)).isEqualTo(JSON.readTree("{\"validated\":{}}"));
  }

  @Test
  void imagesDoNotMakeAGuestWithOtherFailuresAffirming() throws Exception {
    Map<String, JsonNode> rv = valuesWithImages();
    rv.put("snp_pcr11", strings(PolicyGoldens.OTHER_PCR));
    String images = "[\"" + APP + "@" + OTHER_DIGEST + "\"]";

    var e = evaluate(DEFAULT_CPU, inputWithInitData(initDataToml(images)), rv);

    assertThat(e.claims()).isEqualTo(EXECUTABLES_DROPPED);
  }

  @Test
  void agentPolicyImagesCountOnlyWhenPinnedByDigest() throws Exception {
    ObjectNode input = PolicyGoldens.azSnpVtpmInput();
    input.set(
        "init_data_claims",
        JSON.readTree(
            "{\"agent_policy_claims\":{\"containers\":["
                + "{\"OCI\":{\"Annotations\":{\"io.kubernetes.cri.image-name\":\"pause:3.9\"}}},"
                + "{\"OCI\":{\"Annotations\":{\"io.kubernetes.cri.image-name\":\""
                + APP
                + "@"
                + OTHER_DIGEST
                + "\"}}}]}}"));

    var e = evaluate(DEFAULT_CPU, input, valuesWithImages());

    assertThat(e.claims()).isEqualTo(EXECUTABLES_DROPPED);
    assertThat(checks(e)).hasSize(1);
    assertThat(checks(e).get(0).get("image").asText()).isEqualTo(APP + "@" + OTHER_DIGEST);
    assertThat(identifiers(e).at("/validated/container_images"))
        .isEqualTo(strings("pause:3.9", APP + "@" + OTHER_DIGEST));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"not json", "{\"image\":\"x\"}", "[42, {\"digest\":\"x\"}]", "[]"})
  void initDataImagesThatAreNotAListOfImagesNameNothing(String images) throws Exception {
    var e = evaluate(DEFAULT_CPU, inputWithInitData(initDataToml(images)), valuesWithImages());

    assertThat(e.claims()).isEqualTo(AFFIRMING);
    assertThat(e.verdict().ruleValues()).doesNotContainKey(ContainerImageChecks.RULE);
  }

  static JsonNode findCheck(JsonNode checks, String image) {
    for (JsonNode c : checks) {
      if (c.get("image").asText().equals(image)) {
        return c;
      }
    }
    throw new AssertionError("no check for " + image + " in " + checks);
  }

  // ---------------------------------------------------------------------------------------------
  // attestation service: RVs registered as the runbook, EAR and "why denied" record

  final AzSnpVtpmFixture.Verifier verifier = AzSnpVtpmFixture.Verifier.azSnpVtpm();
  final InMemoryPolicyRepository policies = new InMemoryPolicyRepository();
  final ReferenceValueService rvps =
      new ReferenceValueService(
          new InMemoryReferenceValueRepository(),
          ProvenanceVerifier.unsignedAllowed(),
          Clock.fixed(NOW, ZoneOffset.UTC));
  AttestationService service;

  @BeforeEach
  void setUp() throws Exception {
    DefaultPolicies.installDefaultsIfAbsent(policies);
    service =
        new AttestationService(
            new EvidenceVerifierRegistry(List.of(verifier)),
            policies,
            new RegoAttestationPolicyEngine(),
            rvps,
            EarConfig.DEFAULTS,
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  void registerRunbookAndPlatformValues() throws Exception {
    rvps.register(RUNBOOK);
    List<ReferenceValue> platform =
        azSnpVtpmAffirmingValues().entrySet().stream()
            .filter(e -> !e.getKey().equals("snp_pcr11"))
            .map(e -> ReferenceValue.withDefaultExpiry(e.getKey(), e.getValue(), NOW))
            .toList();
    rvps.storeUnsigned(platform);
  }

  AttestationResult attest(String toml) throws Exception {
    VerificationRequest r =
        new VerificationRequest(
            "az-snp-vtpm",
            JSON.readTree("{}"),
            Optional.empty(),
            Optional.of(new ExpectedInitData.Toml(toml)),
            null);
    return service.evaluate(new AttestationRequest(List.of(r), List.of("default")));
  }

  @Test
  void theRunbookNamesTheValuesThePolicyUses() throws Exception {
    rvps.register(RUNBOOK);

    assertThat(rvps.query("container_image_refs").orElseThrow())
        .isEqualTo(strings(APP + "@" + APP_DIGEST, DB + "@" + DB_DIGEST));
    assertThat(rvps.query("container_image_digests").orElseThrow())
        .isEqualTo(strings(APP_DIGEST, DB_DIGEST));
    assertThat(rvps.query("container_images").orElseThrow())
        .isEqualTo(strings(APP + ":1.4", DB + ":latest"));
  }

  @Test
  void matchingImagesGiveAnAffirmingEarThatListsThemAndACleanRecord() throws Exception {
    registerRunbookAndPlatformValues();

    AttestationResult result = attest(initDataToml("[\"" + APP + ":1.4@" + APP_DIGEST + "\"]"));

    JsonNode cpu0 = result.earPayload().at("/submods/cpu0");
    assertThat(cpu0.get("ear.status").asText()).isEqualTo("affirming");
    assertThat(cpu0.at("/ear.trustworthiness-vector/executables").intValue()).isEqualTo(3);
    assertThat(cpu0.at("/ear.trustee.identifiers/validated/container_image_refs"))
        .isEqualTo(strings(APP + "@" + APP_DIGEST));
    assertThat(result.record().affirming()).isTrue();
    assertThat(result.record().describeFailures()).isEmpty();
    assertThat(result.record().publicSummary().at("/submods/cpu0/failed_checks")).isEmpty();
    JsonNode full = result.record().toJson().at("/submods/cpu0/reference_value_checks");
    JsonNode image =
        findByClaim(full, "container_images[\"" + APP + ":1.4@" + APP_DIGEST + "\"].digest");
    assertThat(image.get("matched").booleanValue()).isTrue();
    assertThat(image.get("observed").asText()).isEqualTo(APP_DIGEST);
  }

  @Test
  void aWrongDigestShowsInTheEarAndTheRecordNamesImageExpectedAndObservedDigests()
      throws Exception {
    registerRunbookAndPlatformValues();
    String image = APP + ":1.4@" + OTHER_DIGEST;

    AttestationResult result =
        attest(initDataToml("[\"" + image + "\", \"" + DB + "@" + DB_DIGEST + "\"]"));

    JsonNode cpu0 = result.earPayload().at("/submods/cpu0");
    assertThat(cpu0.get("ear.status").asText()).isEqualTo("warning");
    assertThat(cpu0.get("ear.trustworthiness-vector"))
        .isEqualTo(new TrustVector(EXECUTABLES_DROPPED).toJson());
    assertThat(cpu0.at("/ear.trustee.identifiers/validated/container_image_refs"))
        .isEqualTo(strings(DB + "@" + DB_DIGEST));
    AppraisalRecord record = result.record();
    assertThat(record.affirming()).isFalse();
    assertThat(record.describeFailures())
        .containsExactly(
            "cpu0: container_images[\""
                + image
                + "\"].digest: got \""
                + OTHER_DIGEST
                + "\", registered [\""
                + APP_DIGEST
                + "\"] (container_image_refs, no match)");
    JsonNode summary = record.publicSummary().at("/submods/cpu0");
    assertThat(summary.get("claims")).isEqualTo(JSON.readTree("{\"executables\":\"warning\"}"));
    assertThat(summary.get("failed_checks"))
        .isEqualTo(
            strings(
                "container_images[\""
                    + image
                    + "\"].digest does not match reference value 'container_image_refs'"));
    assertThat(summary.toString()).doesNotContain(APP_DIGEST);
  }

  @Test
  void anUnregisteredImageIsAFailedCheckWithNothingExpected() throws Exception {
    registerRunbookAndPlatformValues();

    AttestationResult result = attest(initDataToml("[\"quay.io/x/y@" + APP_DIGEST + "\"]"));

    assertThat(result.earPayload().at("/submods/cpu0/ear.status").asText()).isEqualTo("warning");
    assertThat(result.record().describeFailures())
        .containsExactly(
            "cpu0: container_images[\"quay.io/x/y@"
                + APP_DIGEST
                + "\"].digest: got \""
                + APP_DIGEST
                + "\", registered [] (container_image_refs, no match)");
  }

  @Test
  void withoutImageValuesTheNamedImagesAreRecordedAsMissingButNothingFails() throws Exception {
    rvps.storeUnsigned(
        azSnpVtpmAffirmingValues().entrySet().stream()
            .map(e -> ReferenceValue.withDefaultExpiry(e.getKey(), e.getValue(), NOW))
            .toList());

    AttestationResult result = attest(initDataToml("[\"" + APP + "@" + APP_DIGEST + "\"]"));

    assertThat(result.earPayload().at("/submods/cpu0/ear.status").asText()).isEqualTo("affirming");
    assertThat(result.record().describeFailures()).isEmpty();
    JsonNode checks = result.record().toJson().at("/submods/cpu0/reference_value_checks");
    JsonNode image =
        findByClaim(checks, "container_images[\"" + APP + "@" + APP_DIGEST + "\"].digest");
    assertThat(image.get("status").asText()).isEqualTo("ABSENT");
  }

  @Test
  void aVeryLongImageNameIsCutInTheRecord() throws Exception {
    registerRunbookAndPlatformValues();
    String longName = "quay.io/" + "x".repeat(5000) + "@" + APP_DIGEST;

    AttestationResult result = attest(initDataToml("[\"" + longName + "\"]"));

    String failure = result.record().describeFailures().get(0);
    assertThat(failure).contains("…(truncated, ").hasSizeLessThan(1000);
  }

  static JsonNode findByClaim(JsonNode checks, String claim) {
    ArrayNode found = JSON.createArrayNode();
    for (JsonNode c : checks) {
      if (claim.equals(c.path("claim").asText())) {
        found.add(c);
      }
    }
    assertThat(found).as("checks for %s in %s", claim, checks).hasSize(1);
    return found.get(0);
  }
}
