package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.as.AppraisalLogLine;
import io.trustee.kbs.as.AppraisalRecord;
import io.trustee.kbs.as.AttestationRequest;
import io.trustee.kbs.as.AttestationResult;
import io.trustee.kbs.as.AttestationService;
import io.trustee.kbs.as.EarConfig;
import io.trustee.kbs.as.ExpectedInitData;
import io.trustee.kbs.as.HashAlgorithm;
import io.trustee.kbs.as.InvalidAttestationRequestException;
import io.trustee.kbs.as.PolicyEvaluationException;
import io.trustee.kbs.as.RuntimeData;
import io.trustee.kbs.as.StoredAppraisalForm;
import io.trustee.kbs.as.VerificationRequest;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.crypto.Digests;
import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.policy.RegoAttestationPolicyEngine;
import io.trustee.kbs.protocol.AttestationBody;
import io.trustee.kbs.protocol.ProtocolException;
import io.trustee.kbs.protocol.ReportDataBinding;
import io.trustee.kbs.protocol.SessionId;
import io.trustee.kbs.protocol.TeePublicKey;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.session.KbsSession;
import io.trustee.kbs.store.AppraisalStatus;
import io.trustee.kbs.store.NewAppraisal;
import io.trustee.kbs.store.StoredAppraisal;
import io.trustee.kbs.token.CompactJws;
import io.trustee.kbs.util.Bytes;
import io.trustee.kbs.util.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The built-in attestation service as the KBS uses it (kbs-protocol.md §3.2 steps 6–9): turns a
 * session and an attestation body into verification requests (primary evidence with the structured
 * runtime data and init-data, one request per additional device evidence), runs the {@link
 * AttestationService} with policy id {@code default}, signs the EAR payload and records the
 * appraisal for "why denied". Also serves the standalone AS endpoint ({@link #evaluate}), whose
 * tokens carry their own issuer ({@code kbs.as-api.issuer}) so that the resource endpoint can tell
 * them apart ({@link io.trustee.kbs.token.ResourceTokenRules}).
 *
 * <p>Joins the caller's transaction (it reads reference values and policies and writes the
 * appraisal record). Thread-safe.
 */
@ApplicationScoped
public class KbsAttestation {
  private static final Logger LOG = Logger.getLogger(KbsAttestation.class.getName());
  private static final RegoAttestationPolicyEngine ENGINE = new RegoAttestationPolicyEngine();

  // The producer, not a registry instance: the registry is rebuilt when the AMD chains change.
  @Inject VerifierProducer verifiers;
  @Inject AttestationPolicyStore policies;
  @Inject RvpsConfig rvps;
  @Inject TokenKeys tokens;
  @Inject AppraisalWriter writer;
  @Inject AppraisalRefusals refusals;
  @Inject KbsSettings settings;
  @Inject Clock clock;
  @Inject KbsMetrics metrics;

  /** A signed token and the appraisal behind it. */
  public record Issued(String token, AppraisalRecord record) {}

  /**
   * The attestation service with the EAR settings; {@code issuer} is the token's {@code iss}, which
   * tells RCAR tokens ({@code kbs.token.issuer} / {@code issuer_name}) from AS-API ones ({@code
   * kbs.as-api.issuer}).
   */
  private AttestationService service(String issuer) {
    EarConfig ear = settings.earConfig(issuer);
    return new AttestationService(
        verifiers.registry(), policies, ENGINE, rvps.service(), ear, clock);
  }

  /**
   * Appraises the evidence of an RCAR session and returns the signed token.
   *
   * @throws AttestationRefusedException naming the failed check
   */
  public String appraise(KbsSession session, AttestationBody body)
      throws AttestationRefusedException {
    TeePublicKey key = body.teePubkey();
    String nonce = session.nonce().value();
    ObjectNode runtime =
        ReportDataBinding.runtimeDataJson(body.version(), nonce, key, body.additionalEvidence());
    Optional<ExpectedInitData> init = body.initData().map(d -> new ExpectedInitData.Toml(d.body()));
    List<VerificationRequest> requests = new ArrayList<>();
    requests.add(
        new VerificationRequest(
            session.tee().value(),
            body.primaryEvidence(),
            Optional.of(new RuntimeData.Structured(runtime)),
            init,
            HashAlgorithm.SHA384));
    try {
      for (Map.Entry<String, JsonNode> device : body.additionalEvidenceMap().entrySet()) {
        requests.add(
            new VerificationRequest(
                device.getKey(),
                device.getValue(),
                Optional.of(
                    new RuntimeData.Structured(
                        ReportDataBinding.deviceRuntimeDataJson(nonce, key))),
                Optional.empty(),
                HashAlgorithm.SHA384));
      }
    } catch (ProtocolException e) {
      throw new AttestationRefusedException("additional evidence", e.getMessage(), e);
    }
    AttestationRequest request =
        new AttestationRequest(requests, List.of(AttestationRequest.DEFAULT_POLICY_ID));
    AttestationResult result;
    try {
      result = evaluateWithLegacyBinding(request, body, session);
    } catch (BadEvidenceException e) {
      throw new AttestationRefusedException(e.check(), "bad evidence: " + e.getMessage(), e);
    } catch (InvalidAttestationRequestException e) {
      throw new AttestationRefusedException(
          "invalid request", "invalid request: " + e.getMessage(), e);
    } catch (PolicyEvaluationException e) {
      throw new AttestationRefusedException(
          "attestation policy", "attestation policy: " + e.getMessage(), e);
    }
    String token = tokens.signSessionToken(result.earPayload());
    // The session row stores the token, and the resource endpoint parses at most
    // CompactJws.MAX_LENGTH: an oversized one is refused, neither stored nor handed out.
    requireUsableSize(token, settings.tokenMaxBytes());
    record(Optional.of(session.id()), token, session.tee().value(), result.record());
    return token;
  }

  /**
   * A token over {@code kbs.token.max-bytes} (itself at most {@link CompactJws#MAX_LENGTH}, what
   * the resource endpoint parses) is not handed out: it would fill the session row, and the guest
   * would attest and then fail every fetch.
   */
  static void requireUsableSize(String token, int maxBytes) throws AttestationRefusedException {
    int limit = Math.min(maxBytes, CompactJws.MAX_LENGTH);
    if (token.length() > limit) {
      throw new AttestationRefusedException(
          "token size",
          "the attestation token would be "
              + token.length()
              + " bytes, over kbs.token.max-bytes ("
              + limit
              + "); send less init-data or additional evidence");
    }
  }

  /**
   * Protocol 0.1.0 shipped two bindings under one version string (kbs-protocol.md §12): when the
   * structured binding fails for such a guest, the older SHA-384(nonce ‖ n ‖ e) value is tried.
   */
  private AttestationResult evaluateWithLegacyBinding(
      AttestationRequest request, AttestationBody body, KbsSession session)
      throws BadEvidenceException, InvalidAttestationRequestException, PolicyEvaluationException {
    try {
      return service(settings.tokenIssuer()).evaluate(request);
    } catch (BadEvidenceException e) {
      List<byte[]> candidates =
          ReportDataBinding.expected(
              body.version(), session.nonce().value(), body.teePubkey(), body.additionalEvidence());
      if (candidates.size() < 2) {
        throw e;
      }
      VerificationRequest primary = request.verificationRequests().get(0);
      VerificationRequest legacy =
          new VerificationRequest(
              primary.tee(),
              primary.evidence(),
              Optional.of(new RuntimeData.Raw(candidates.get(0))),
              primary.initData(),
              HashAlgorithm.SHA384);
      List<VerificationRequest> all = new ArrayList<>(request.verificationRequests());
      all.set(0, legacy);
      return service(settings.tokenIssuer())
          .evaluate(new AttestationRequest(all, request.policyIds()));
    }
  }

  /**
   * The standalone AS API ({@code POST /attestation}): evaluates a request and returns the signed
   * token. Failures are {@link InvalidAttestationRequestException}, {@link BadEvidenceException} or
   * {@link PolicyEvaluationException}, as the AS spec's error model needs.
   */
  public Issued evaluate(AttestationRequest request)
      throws InvalidAttestationRequestException, BadEvidenceException, PolicyEvaluationException {
    AttestationResult result;
    try {
      result = service(settings.asApiIssuer()).evaluate(request);
    } catch (BadEvidenceException e) {
      recordRefusal(Optional.empty(), request.verificationRequests().get(0).tee(), e);
      throw e;
    }
    String token = tokens.signer().sign(result.earPayload());
    record(Optional.empty(), token, request.verificationRequests().get(0).tee(), result.record());
    return new Issued(token, result.record());
  }

  private void record(
      Optional<SessionId> session, String token, String tee, AppraisalRecord record) {
    metrics.appraised(record);
    ObjectNode json =
        StoredAppraisalForm.of(
            record,
            clock.instant(),
            settings.appraisalMaxClaimChars(),
            settings.appraisalMaxRecordBytes());
    long id =
        writer.store(
            new NewAppraisal(
                session,
                tokenHash(token),
                clock.instant(),
                tee,
                AppraisalStatus.of(record.affirming()),
                json));
    if (!record.affirming()) {
      LOG.warning(
          () ->
              "attestation failed: "
                  + (session.isPresent() ? "attest " : "")
                  + logRef(session)
                  + " tee="
                  + LogSafe.escape(tee)
                  + " appraisal="
                  + id
                  + " "
                  + AppraisalLogLine.describe(record));
    }
  }

  /** The AS API's refusal record and its {@code attestation failed} line. */
  private void recordRefusal(Optional<SessionId> session, String tee, BadEvidenceException e) {
    long id;
    try {
      id = refusals.record(session, tee, e.check(), e.getMessage());
    } catch (RuntimeException failure) {
      LOG.warning(() -> "appraisal record of a refusal not stored: " + failure);
      id = -1;
    }
    long stored = id;
    LOG.warning(
        () ->
            "attestation failed: "
                + logRef(session)
                + " tee="
                + LogSafe.escape(tee)
                + " appraisal="
                + stored
                + " status=refused check=\""
                + LogSafe.escape(e.check())
                + "\" reason: "
                + LogSafe.escape(e.getMessage()));
  }

  /** The session as log lines show it; the AS API has no session ("as-api"). */
  private static String logRef(Optional<SessionId> session) {
    return session.map(id -> LogSafe.sessionRef(id.value())).orElse(StoredAppraisal.AS_API_SESSION);
  }

  /** SHA-256 hex of a token, the key under which its appraisal is found again. */
  public static String tokenHash(String token) {
    return Bytes.toHex(Digests.sha256(token.getBytes(StandardCharsets.US_ASCII)));
  }
}
