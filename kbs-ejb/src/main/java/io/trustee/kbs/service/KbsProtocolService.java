package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.broker.JweException;
import io.trustee.kbs.broker.ResourceEncryptor;
import io.trustee.kbs.json.Json;
import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.protocol.AttestationBody;
import io.trustee.kbs.protocol.AuthRequest;
import io.trustee.kbs.protocol.Challenge;
import io.trustee.kbs.protocol.ProtocolException;
import io.trustee.kbs.protocol.SessionId;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.session.KbsSession;
import io.trustee.kbs.session.SessionRepository;
import io.trustee.kbs.util.LogSafe;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The RCAR handshake (kbs-protocol.md §3–§4) as a transactional façade: {@code /auth} creates a
 * session in the database with a fresh challenge; {@code /attest} checks the session and nonce, has
 * the evidence appraised ({@link KbsAttestation}) and stores the token in the session. Every
 * failure is a 401 {@code AttestationError} whose detail says what was wrong; each request logs one
 * line containing {@code attestation request}, each failure one containing {@code attestation
 * failed} (the operators' runbook greps for both). A session appears in these lines only as {@code
 * session#<hash>} ({@link LogSafe#sessionRef}); values from the request are escaped so that they
 * cannot start a line of their own. Once the session is known, a refusal is also stored as an
 * appraisal record with status {@code refused} and the failed check ({@link AppraisalRefusals}),
 * and its line names both: {@code attestation failed: attest session#… tee=… appraisal=N
 * status=refused check="nonce mismatch" reason: …}. (A non-affirming appraisal has its own line,
 * written by {@link KbsAttestation}.)
 */
@Stateless
public class KbsProtocolService {
  private static final Logger LOG = Logger.getLogger(KbsProtocolService.class.getName());
  private static final ObjectMapper JSON = Json.mapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The check of an {@code /attest} body that does not parse: refused and recorded like any failed
   * check, but counted as an attestation error (a malformed request), not a failure of the TEE.
   */
  private static final String MALFORMED_BODY = "malformed attestation body";

  @Inject SessionRepository sessions;
  @Inject KbsSettings settings;
  @Inject KbsAttestation attestation;
  @Inject AppraisalRefusals refusals;
  @Inject VerifierProducer verifiers;
  @Inject RowCounts counts;
  @Inject Clock clock;
  @Inject KbsMetrics metrics;

  /**
   * The {@code /auth} body as the handshake reads it (the web layer's reader calls this): a body
   * that is not JSON or not an {@link AuthRequest} is the 401 {@code AttestationError} of every
   * handshake failure, with its {@code attestation failed} line.
   */
  public static AuthRequest authRequest(byte[] body) {
    try {
      return AuthRequest.parse(parseJson(body));
    } catch (ProtocolException e) {
      throw failed("auth", "-", "-", e.getMessage());
    }
  }

  public AuthOutcome auth(AuthRequest request) {
    metrics.authRequested();
    if (verifiers.sampleRefused(request.tee().value())) {
      metrics.authError();
      throw failed("auth", "-", request.tee().value(), VerifierProducer.SAMPLE_DISABLED);
    }
    Instant now = clock.instant();
    long max = settings.sessionMaxTotal();
    long live = counts.liveSessions().estimate(now, max, () -> sessions.countLive(now));
    if (live >= max && sessions.countLive(now) >= max) {
      LOG.warning(
          () ->
              "attestation failed: auth "
                  + LogSafe.sessionRef("-")
                  + " tee="
                  + LogSafe.escape(request.tee().value())
                  + " reason: kbs.session.max-total ("
                  + max
                  + ") live sessions reached");
      metrics.authError();
      metrics.rateLimited(KbsMetrics.RateLimit.SERVER_SESSIONS);
      throw new TooManyRequestsException("too many open sessions on this server; retry later", 5);
    }
    SessionId id = SessionId.random();
    Challenge challenge = Challenge.fresh(RANDOM);
    Instant expires = now.plus(settings.sessionTimeout());
    sessions.create(
        new KbsSession(
            id,
            request.tee(),
            request.version(),
            challenge.nonce(),
            KbsSession.State.AUTHED,
            null,
            now,
            expires));
    counts.liveSessions().added(1);
    metrics.authSucceeded();
    LOG.info(
        () ->
            "attestation request: auth "
                + LogSafe.sessionRef(id.value())
                + " tee="
                + LogSafe.escape(request.tee().value())
                + " version="
                + request.version().wire());
    return new AuthOutcome(id.value(), expires, challenge);
  }

  public AttestOutcome attest(Optional<String> sessionId, byte[] body) {
    metrics.attestationRequested();
    String id = sessionId.orElseThrow(() -> attestError("-", "no kbs-session-id cookie"));
    JsonNode json;
    try {
      json = parseJson(body);
    } catch (ProtocolException e) {
      throw attestError(id, e.getMessage());
    }
    Instant now = clock.instant();
    KbsSession session =
        SessionId.parse(id)
            .flatMap(sessions::find)
            .filter(s -> !s.isExpired(now))
            .orElseThrow(() -> attestError(id, "session unknown or expired"));
    if (session.state() == KbsSession.State.ATTESTED) {
      LOG.info(() -> "attestation request: attest " + LogSafe.sessionRef(id) + " already attested");
      metrics.attestationSucceeded(session.tee().value());
      return new AttestOutcome(id, session.expiresAt(), session.token());
    }
    String tee = session.tee().value();
    LOG.info(() -> "attestation request: attest " + LogSafe.sessionRef(id) + " tee=" + tee);
    AttestationBody parsed;
    try {
      parsed = AttestationBody.parse(json, session.protocolVersion());
    } catch (ProtocolException e) {
      throw refused(session, id, MALFORMED_BODY, e.getMessage());
    }
    refuseUnservable(parsed, session, id);
    try {
      parsed.checkNonce(session.nonce());
    } catch (ProtocolException e) {
      throw refused(session, id, "nonce mismatch", "nonce mismatch: " + e.getMessage());
    }
    String token;
    try {
      token = attestation.appraise(session, parsed);
    } catch (AttestationRefusedException e) {
      throw refused(session, id, e.check(), e.getMessage());
    } catch (RuntimeException e) {
      metrics.attestationError();
      throw e;
    }
    sessions.markAttested(session.id(), token);
    metrics.attestationSucceeded(tee);
    LOG.info(
        () ->
            "attestation request: attest " + LogSafe.sessionRef(id) + " tee=" + tee + " succeeded");
    return new AttestOutcome(id, session.expiresAt(), token);
  }

  /**
   * Refuses, before any appraisal, a body the KBS could never serve: init-data over {@code
   * kbs.attest.max-init-data-bytes} (its claims would make a token the resource endpoint refuses)
   * and a TEE key that no resource could be encrypted to (RSA1_5 turned off, or a 0.1.x guest
   * without an RSA1_5 key).
   */
  private void refuseUnservable(AttestationBody parsed, KbsSession session, String id) {
    try {
      if (parsed.initData().isPresent()) {
        parsed.initData().get().requireWithin(settings.maxInitDataBytes());
      }
    } catch (ProtocolException e) {
      throw refused(session, id, "init-data size", e.getMessage());
    }
    try {
      new ResourceEncryptor(settings.allowRsa15())
          .requireServable(parsed.teePubkey(), parsed.version());
    } catch (JweException e) {
      throw refused(session, id, "tee-pubkey", "tee-pubkey: " + e.getMessage());
    }
  }

  /**
   * A refusal of a known session's evidence: stored as an appraisal record with status {@code
   * refused} and the failed check ({@link AppraisalRefusals}, its own transaction, since this one
   * rolls back), and logged as {@code attestation failed: attest session#… tee=… appraisal=N
   * status=refused check="…" reason: …}. A record that cannot be stored does not change the answer
   * ({@code appraisal=-1}).
   */
  private KbsException refused(KbsSession session, String id, String check, String reason) {
    String tee = session.tee().value();
    if (MALFORMED_BODY.equals(check)) {
      metrics.attestationError();
    } else {
      metrics.attestationFailed(tee);
    }
    long appraisal;
    try {
      appraisal = refusals.record(Optional.of(session.id()), tee, check, reason);
    } catch (RuntimeException e) {
      LOG.warning(() -> "appraisal record of a refusal not stored: " + e);
      appraisal = -1;
    }
    return failed(
        "attest",
        id,
        tee,
        "appraisal=" + appraisal + " status=refused check=\"" + LogSafe.escape(check) + "\"",
        reason);
  }

  /** An {@code /attest} that names no usable session or is not JSON: upstream's "error". */
  private KbsException attestError(String session, String reason) {
    metrics.attestationError();
    return failed("attest", session, "-", reason);
  }

  private static JsonNode parseJson(byte[] body) throws ProtocolException {
    if (body == null || body.length == 0) {
      throw new ProtocolException("(body)", "empty request body");
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null) {
        throw new ProtocolException("(body)", "empty request body");
      }
      return n;
    } catch (IOException e) {
      throw new ProtocolException("(body)", "not valid JSON");
    }
  }

  private static KbsException failed(String step, String session, String tee, String reason) {
    return failed(step, session, tee, null, reason);
  }

  /** {@code details}: already log-safe {@code key=value} pairs written before the reason. */
  private static KbsException failed(
      String step, String session, String tee, String details, String reason) {
    LOG.warning(
        () ->
            "attestation failed: "
                + step
                + " "
                + LogSafe.sessionRef(session)
                + " tee="
                + LogSafe.escape(tee)
                + (details == null ? "" : " " + details)
                + " reason: "
                + LogSafe.escape(reason));
    return new KbsException(KbsError.AttestationError, reason);
  }
}
