package io.trustee.kbs.service;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.broker.JweException;
import io.trustee.kbs.broker.ResourceEncryptor;
import io.trustee.kbs.crypto.Digests;
import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.mounted.LocalFsImporter;
import io.trustee.kbs.policy.DenialGuidance;
import io.trustee.kbs.policy.PolicyDecision;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.SessionId;
import io.trustee.kbs.protocol.TeePublicKey;
import io.trustee.kbs.resource.ContainersPolicy;
import io.trustee.kbs.resource.InvalidContainersPolicyException;
import io.trustee.kbs.resource.ResourceCipherException;
import io.trustee.kbs.resource.ResourcePath;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.service.KbsException.Refusal;
import io.trustee.kbs.session.KbsSession;
import io.trustee.kbs.session.SessionRepository;
import io.trustee.kbs.store.AppraisalRepository;
import io.trustee.kbs.store.ResourceInfo;
import io.trustee.kbs.store.ResourceRepository;
import io.trustee.kbs.store.StoredAppraisal;
import io.trustee.kbs.store.StoredResource;
import io.trustee.kbs.token.TokenVerificationException;
import io.trustee.kbs.token.VerifiedToken;
import io.trustee.kbs.util.Bytes;
import io.trustee.kbs.util.LogSafe;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Secrets: released to attested guests (kbs-protocol.md §8.2: token from the session or Bearer
 * header, verified; resource policy; secret read and opened; JWE to the TEE key from the token) and
 * managed by administrators (§8.3). Secrets are sealed before they reach the repository, so the
 * database never holds plaintext. Status codes and error types are upstream's.
 */
@Stateless
public class ResourceService {
  private static final Logger LOG = Logger.getLogger(ResourceService.class.getName());
  private static final String BEARER = "Bearer ";

  @Inject ResourceRepository repository;
  @Inject AppraisalRepository appraisals;
  @Inject SessionRepository sessions;
  @Inject ResourceVault vault;
  @Inject TokenKeys tokens;
  @Inject ResourcePolicyEngine policy;
  @Inject KbsSettings settings;
  @Inject Clock clock;
  @Inject KbsMetrics metrics;
  @Inject AuditScope audit;

  /**
   * The token to use and the protocol version of the guest that holds it; {@code guestRef} names
   * the guest in the audit trail by a hash of its session id or token, never the value.
   */
  private record Presented(
      String token,
      ProtocolVersion version,
      String via,
      boolean fromSession,
      String guestRef,
      Supplier<Optional<String>> tee) {}

  public ObjectNode fetch(ResourceRequest request) {
    String shown = String.join("/", request.segments());
    if (hasEmptySegment(request.segments())) {
      throw refused(shown, KbsError.InvalidRequestPath, EMPTY_SEGMENT);
    }
    Presented presented = presentedToken(request);
    ObjectNode claims;
    try {
      VerifiedToken verified =
          presented.fromSession()
              ? tokens.verifySessionToken(presented.token())
              : tokens.verifier().verifyToken(presented.token());
      tokens.resourceRules().check(verified);
      claims = verified.claims();
      audit.guest(presented.guestRef(), presented.tee().get());
    } catch (TokenVerificationException e) {
      throw refused(
          shown, KbsError.TokenVerifierError, "token verification failed: " + e.getMessage());
    }
    PolicyDecision decision = decide(claims, request);
    if (!decision.allowed()) {
      Optional<StoredAppraisal> appraisal =
          appraisals.findByTokenHash(KbsAttestation.tokenHash(presented.token()));
      throw refused(
          shown,
          KbsError.PolicyDeny,
          "Access denied by policy"
              + decision.reasonSuffix()
              + whyDenied(appraisal)
              + guidance(claims, appraisal));
    }
    ResourcePath path = parsePath(request.segments());
    StoredResource stored =
        repository
            .find(path)
            .orElseThrow(
                () -> refused(shown, KbsError.PluginInternalError, "resource not found: " + path));
    TeePublicKey key;
    try {
      key = tokens.teeKeyLocator().locate(claims);
    } catch (TokenVerificationException e) {
      throw refused(
          shown, KbsError.TokenVerifierError, "no usable TEE key in the token: " + e.getMessage());
    }
    byte[] plaintext;
    try {
      plaintext = vault.cipher().open(path, stored.sealed());
    } catch (ResourceCipherException e) {
      if (e.unknownKeyId().isPresent()) {
        LOG.warning(() -> "resource request: " + path + ": " + e.getMessage());
        throw new KbsException(
            KbsError.KeyUnavailable,
            "stored secret "
                + path
                + " is sealed under key-encryption key "
                + e.unknownKeyId().get()
                + ", which this server does not hold");
      }
      throw new IllegalStateException(
          "stored secret " + path + " cannot be opened: " + e.getMessage(), e);
    }
    try {
      ObjectNode jwe =
          new ResourceEncryptor(settings.allowRsa15()).encrypt(plaintext, key, presented.version());
      LOG.info(() -> "resource request: " + path + " released via " + presented.via());
      metrics.resourceRead(path.toString());
      return jwe;
    } catch (JweException e) {
      throw refused(shown, KbsError.JweError, e.getMessage());
    } finally {
      java.util.Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** The resource policy's decision, counted as an approval, a violation or an error. */
  private PolicyDecision decide(ObjectNode claims, ResourceRequest request) {
    PolicyDecision decision;
    try {
      decision = policy.decide(claims, request.segments(), request.query());
    } catch (RuntimeException e) {
      metrics.policyError();
      throw e;
    }
    metrics.policyDecided(decision.allowed());
    return decision;
  }

  /**
   * The checks that failed when the token was issued (from its appraisal record): the public
   * summary only, with no reference values, so that the guest's operator sees why.
   */
  private static String whyDenied(Optional<StoredAppraisal> appraisal) {
    return appraisal
        .map(a -> a.record().path("public_summary"))
        .filter(JsonNode::isObject)
        .map(summary -> "; attestation appraisal: " + summary)
        .orElse("");
  }

  /** What to do next ({@link DenialGuidance}): names and commands only, no values. */
  private String guidance(ObjectNode claims, Optional<StoredAppraisal> appraisal) {
    return DenialGuidance.of(
        policy.isBuiltInDefault(),
        claims,
        appraisal.map(a -> a.record().path("public_summary")).orElse(null),
        appraisal.map(StoredAppraisal::id).orElse(null));
  }

  private Presented presentedToken(ResourceRequest request) {
    Instant now = clock.instant();
    Optional<KbsSession> session =
        request
            .sessionId()
            .flatMap(SessionId::parse)
            .flatMap(sessions::find)
            .filter(s -> !s.isExpired(now))
            .filter(s -> s.state() == KbsSession.State.ATTESTED);
    if (session.isPresent()) {
      return new Presented(
          session.get().token(),
          session.get().protocolVersion(),
          LogSafe.sessionRef(session.get().id().value()),
          true,
          "session:" + Bytes.toHex(Digests.sha256(session.get().id().value().getBytes(UTF_8))),
          () -> Optional.of(session.get().tee().value()));
    }
    Optional<String> auth = request.authorization().filter(a -> a.startsWith(BEARER));
    if (auth.isPresent()) {
      String token = auth.get().substring(BEARER.length()).trim();
      String hash = KbsAttestation.tokenHash(token);
      return new Presented(
          token,
          ProtocolVersion.CURRENT,
          "bearer token",
          false,
          "token:" + hash,
          () -> appraisals.findByTokenHash(hash).map(StoredAppraisal::tee));
    }
    throw refused(
        String.join("/", request.segments()),
        KbsError.TokenNotFound,
        "no attested session and no Bearer token");
  }

  public void store(List<String> segments, byte[] secret) {
    requireNoEmptySegment(segments);
    ResourcePath path = parsePath(segments);
    requireNotDirectoryOwned(path);
    if (ContainersPolicy.isSecurityPolicy(path)) {
      try {
        ContainersPolicy.validate(secret);
      } catch (InvalidContainersPolicyException e) {
        throw new KbsException(
            KbsError.PluginInternalError,
            Refusal.INVALID_INPUT,
            "resource " + path + " is not a valid containers-policy.json: " + e.getMessage());
      }
    }
    byte[] sealed = vault.cipher().seal(path, secret);
    repository.put(path, sealed, vault.cipher().keyId(), clock.instant());
    metrics.resourceWritten(path.toString());
    LOG.info(() -> "admin: resource " + path + " stored (" + secret.length + " bytes)");
  }

  public void delete(List<String> segments) {
    requireNoEmptySegment(segments);
    ResourcePath path = parsePath(segments);
    requireNotDirectoryOwned(path);
    if (!repository.delete(path)) {
      throw new KbsException(KbsError.PluginInternalError, "resource not found: " + path);
    }
    LOG.info(() -> "admin: resource " + path + " deleted");
  }

  /**
   * A secret imported from the mounted LocalFs directory belongs to that directory: 409 {@code
   * PluginInternalError} naming it (change the file instead; removing the file revokes the secret).
   */
  private void requireNotDirectoryOwned(ResourcePath path) {
    Optional<String> source = repository.sourceOf(path);
    if (source.isPresent()) {
      throw new KbsException(
          KbsError.PluginInternalError,
          Refusal.CONFLICT,
          "resource "
              + path
              + " is managed by the mounted resource directory "
              + LocalFsImporter.dirOf(source.get())
              + " (a mounted ConfigMap/Secret: kbs.resource.legacy-dir, kbs.resource.kv-dir or"
              + " kbs.resource.secrets-dir); change or remove the file there");
    }
  }

  public List<ResourceInfo> list() {
    return repository.list();
  }

  /** Upstream sends other methods through the attested path, where they fail. */
  public void refuseUnsupportedMethod(String method) {
    throw new KbsException(KbsError.PluginInternalError, "method " + method + " not supported");
  }

  private static final String EMPTY_SEGMENT =
      "no resource at a path with an empty segment (trailing, leading or doubled '/')";

  /**
   * A trailing, leading or doubled slash names no resource: 404 {@code InvalidRequestPath}, before
   * anything else, so that {@code a/b/c/} can never be served, stored or deleted as {@code a/b/c}
   * (and a guest's client stops instead of retrying a fresh attestation, as it does on 401).
   */
  static boolean hasEmptySegment(List<String> segments) {
    return segments.isEmpty() || segments.stream().anyMatch(String::isEmpty);
  }

  private static void requireNoEmptySegment(List<String> segments) {
    if (hasEmptySegment(segments)) {
      throw new KbsException(KbsError.InvalidRequestPath, EMPTY_SEGMENT);
    }
  }

  /**
   * The path of kbs-protocol.md §8.1; a bad one is 401 {@code PluginInternalError}, as upstream.
   */
  private static ResourcePath parsePath(List<String> segments) {
    if (segments.size() != 3) {
      throw new KbsException(
          KbsError.PluginInternalError, "resource path must be repository/type/tag");
    }
    try {
      return new ResourcePath(segments.get(0), segments.get(1), segments.get(2));
    } catch (IllegalArgumentException e) {
      throw new KbsException(
          KbsError.PluginInternalError, "invalid resource path: " + e.getMessage());
    }
  }

  private static KbsException refused(String path, KbsError error, String detail) {
    LOG.info(
        () ->
            "resource request: "
                + LogSafe.escape(path)
                + " refused: "
                + error
                + ": "
                + LogSafe.escape(detail, 1024));
    return new KbsException(error, detail);
  }
}
