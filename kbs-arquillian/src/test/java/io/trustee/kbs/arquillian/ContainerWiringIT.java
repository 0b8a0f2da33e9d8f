package io.trustee.kbs.arquillian;

import static io.trustee.kbs.arquillian.Transactions.inNewTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trustee.kbs.attestation.spi.EvidenceVerifier;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import io.trustee.kbs.protocol.Nonce;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.SessionId;
import io.trustee.kbs.protocol.TeeName;
import io.trustee.kbs.resource.ResourcePath;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.service.KbsStartup;
import io.trustee.kbs.service.PolicyService;
import io.trustee.kbs.service.ResourcePolicyEngine;
import io.trustee.kbs.service.ResourceService;
import io.trustee.kbs.session.KbsSession;
import io.trustee.kbs.session.SessionRepository;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.ResourceInfo;
import io.trustee.kbs.store.ResourceRepository;
import io.trustee.kbs.store.StoredPolicy;
import io.trustee.kbs.store.StoredResource;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The container wiring of the KBS, tested inside the deployed EAR: which verifiers CDI offers, that
 * a {@link KbsException} from an EJB façade rolls back (its own transaction and a caller's), that
 * committed writes are visible to the next transaction, that secrets reach the database sealed, and
 * that start-up ran. One class, so that the EAR is deployed once for all tests.
 *
 * <p>The server's data directory survives between builds without {@code clean}: every test writes
 * under paths and ids of its own and never assumes an empty database.
 */
@ExtendWith(ArquillianExtension.class)
class ContainerWiringIT {

  @Deployment
  static EnterpriseArchive deployment() {
    return KbsDeployment.withTestClasses(ContainerWiringIT.class, Transactions.class);
  }

  @Inject EvidenceVerifierRegistry registry;
  @Inject Instance<EvidenceVerifierRegistry> registries;
  @Inject ResourceService resourceService;
  @Inject PolicyService policyService;
  @Inject KbsStartup startup;
  @Inject ResourceRepository resourceRepository;
  @Inject SessionRepository sessionRepository;
  @Inject PolicyTextRepository policyRepository;

  // --- verifier discovery ---

  @Test
  void verifierRegistryOffersTheSampleVerifier() {
    Optional<EvidenceVerifier> sample = registry.forTee("sample");

    assertTrue(sample.isPresent(), "forTee(\"sample\")");
    assertEquals("sample", sample.get().scheme().name());
    assertTrue(
        registry.all().stream().anyMatch(v -> v.scheme().name().equals("sample")),
        "all() lists sample");
  }

  @Test
  void verifierRegistryAnswersNothingForAnUnknownTee() {
    assertTrue(registry.forTee("no-such-tee").isEmpty(), "unknown TEE");
    assertTrue(registry.forTee("SAMPLE").isEmpty(), "names are case-sensitive");
    assertTrue(registry.forTee(null).isEmpty(), "null TEE");
  }

  /** The test server has no AMD certificate directory, so az-snp-vtpm must not be offered. */
  @Test
  void verifierRegistryOmitsAzSnpVtpmWithoutAmdCertificates() {
    assertTrue(registry.forTee("az-snp-vtpm").isEmpty(), "az-snp-vtpm");
    assertTrue(
        startup.warnings().stream().anyMatch(w -> w.key().equals("az-snp-vtpm")),
        "start-up warns that az-snp-vtpm is unavailable: " + startup.warnings());
  }

  @Test
  void verifierRegistryIsBuiltOnceForTheApplication() {
    assertSame(registry, registries.get(), "each injection sees the same registry");
  }

  // --- transactions ---

  @Test
  void storedResourceIsVisibleToANewTransaction() throws Exception {
    List<String> path = uniquePath("visible");

    resourceService.store(path, bytes("committed-" + path.get(2)));

    List<ResourceInfo> listed = inNewTransaction(() -> resourceService.list());
    assertTrue(
        listed.stream().anyMatch(r -> r.path().toString().equals(String.join("/", path))),
        "list() after store() contains " + path);
  }

  @Test
  void failedDeleteThrowsKbsExceptionAndChangesNothing() throws Exception {
    List<String> missing = uniquePath("missing");
    List<ResourceInfo> before = inNewTransaction(() -> resourceService.list());

    KbsException e = assertThrows(KbsException.class, () -> resourceService.delete(missing));

    assertEquals(KbsError.PluginInternalError, e.error());
    assertEquals(before, inNewTransaction(() -> resourceService.list()));
  }

  @Test
  void policyThatDoesNotCompileLeavesTheStoredPolicyUnchanged() throws Exception {
    Optional<StoredPolicy> before = storedResourcePolicy();
    byte[] body = policyUpload("package policy\n\nallow { this is not rego");

    KbsException e = assertThrows(KbsException.class, () -> policyService.setResourcePolicy(body));

    assertEquals(KbsError.PolicyEngineError, e.error());
    assertEquals(Optional.of(KbsException.Refusal.INVALID_INPUT), e.refusal());
    assertEquals(before, storedResourcePolicy());
  }

  /**
   * {@code @ApplicationException(rollback = true)} on {@link KbsException}: a façade that throws it
   * inside a caller's transaction marks that transaction for rollback, so the caller's earlier
   * write is undone as well. Without the annotation the commit below would succeed.
   */
  @Test
  void kbsExceptionRollsBackTheCallersTransaction() throws Exception {
    List<String> written = uniquePath("rolled-back");
    List<String> missing = uniquePath("missing");
    UserTransaction tx = Transactions.userTransaction();

    tx.begin();
    try {
      resourceService.store(written, bytes("never-committed"));
      assertThrows(KbsException.class, () -> resourceService.delete(missing));
      assertEquals(
          Status.STATUS_MARKED_ROLLBACK,
          tx.getStatus(),
          "caller's transaction status after the KbsException (1 = STATUS_MARKED_ROLLBACK)");
    } catch (Exception | Error e) {
      tx.rollback();
      throw e;
    }
    assertThrows(RollbackException.class, tx::commit);

    assertTrue(
        inNewTransaction(
                () -> resourceRepository.find(ResourcePath.parse(String.join("/", written))))
            .isEmpty(),
        "the write before the failure was rolled back");
  }

  // --- persistence ---

  @Test
  void storedSecretReachesTheDatabaseSealed() throws Exception {
    List<String> path = uniquePath("sealed");
    byte[] plaintext = bytes("plaintext-marker-" + UUID.randomUUID());

    resourceService.store(path, plaintext);

    StoredResource stored =
        inNewTransaction(() -> resourceRepository.find(ResourcePath.parse(String.join("/", path))))
            .orElseThrow();
    byte[] sealed = stored.sealed();
    assertFalse(contains(sealed, plaintext), "sealed bytes contain the plaintext");
    assertTrue(sealed.length > plaintext.length, "sealed bytes carry nonce and tag");
    assertFalse(stored.keyId().isBlank(), "key id");
  }

  @Test
  void sessionRoundTripsThroughTheRepository() throws Exception {
    // The entity keeps milliseconds.
    Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    KbsSession session =
        new KbsSession(
            new SessionId(HexFormat.of().formatHex(randomBytes(16))),
            new TeeName("sample"),
            ProtocolVersion.V0_4_0,
            new Nonce(Base64.getEncoder().encodeToString(randomBytes(32))),
            KbsSession.State.AUTHED,
            null,
            created,
            created.plus(Duration.ofMinutes(5)));

    inNewTransaction(() -> sessionRepository.create(session));
    assertEquals(
        Optional.of(session), inNewTransaction(() -> sessionRepository.find(session.id())));

    String token = "token-" + session.id().value();
    inNewTransaction(() -> sessionRepository.markAttested(session.id(), token));
    assertEquals(
        Optional.of(session.attested(token)),
        inNewTransaction(() -> sessionRepository.find(session.id())));

    inNewTransaction(() -> sessionRepository.delete(session.id()));
    assertEquals(Optional.empty(), inNewTransaction(() -> sessionRepository.find(session.id())));
  }

  @Test
  void startupRanAndInstalledTheDefaultAttestationPolicy() throws Exception {
    assertTrue(startup.started(), "KbsStartup.started()");
    assertTrue(startup.keysLoaded(), "KbsStartup.keysLoaded()");
    Optional<StoredPolicy> defaultCpu =
        inNewTransaction(() -> policyRepository.find(PolicyKind.ATTESTATION, "default_cpu"));
    assertTrue(defaultCpu.isPresent(), "default_cpu stored");
    assertFalse(defaultCpu.get().text().isBlank(), "default_cpu text");
    assertTrue(
        policyService.attestationPolicyIds().contains("default_cpu"), "listed by the façade");
  }

  // --- over HTTP ---

  @Test
  @RunAsClient
  void healthzAnswers200OverHttp(@ArquillianResource URL base) throws Exception {
    URI healthz = base.toURI().resolve("healthz");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(healthz).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode(), healthz + " answered " + response.body());
  }

  // --- helpers ---

  private Optional<StoredPolicy> storedResourcePolicy() throws Exception {
    return inNewTransaction(
        () -> policyRepository.find(PolicyKind.RESOURCE, ResourcePolicyEngine.POLICY_ID));
  }

  /** {@code arq/<what>/<random>}: a resource path no other test and no earlier build uses. */
  private static List<String> uniquePath(String what) {
    return List.of("arq", what, UUID.randomUUID().toString());
  }

  private static byte[] policyUpload(String rego) {
    String b64 =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(rego.getBytes(StandardCharsets.UTF_8));
    return ("{\"policy\":\"" + b64 + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
