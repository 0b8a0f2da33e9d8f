package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.as.AttestationRequest;
import io.trustee.kbs.as.InvalidAttestationRequestException;
import io.trustee.kbs.as.PolicyEvaluationException;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.json.Json;
import io.trustee.kbs.service.KbsException.Refusal;
import io.trustee.kbs.util.LogSafe;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The standalone Attestation Service API (attestation-service.md §1): {@code POST /attestation}
 * verifies evidence and returns the EAR token. Errors say what was wrong: a malformed request or
 * evidence that fails a check is a 400 naming the field or the check (upstream answers 500 with a
 * cause chain; a client that only reads the token is unaffected), a policy failure a 400 naming the
 * policy problem.
 */
@Stateless
public class AttestationApiService {
  private static final Logger LOG = Logger.getLogger(AttestationApiService.class.getName());
  private static final ObjectMapper JSON = Json.mapper();

  @Inject KbsAttestation attestation;
  @Inject VerifierProducer verifiers;

  /**
   * The {@code POST /attestation} body (the web layer's reader calls this): not JSON, or not an
   * {@link AttestationRequest}, is a 400 {@code AttestationError} naming the problem; a JSON body
   * without {@code verification_requests} (e.g. {@code {"tee":"azsnpvtpm"}}) is a 400 that says
   * what the API takes and how guests attest instead ({@link CallGuidance#attestationApiBody}).
   */
  public static AttestationRequest request(byte[] body) {
    JsonNode json;
    try {
      json = body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      throw failed("request body is not valid JSON");
    }
    Optional<String> notAnAsRequest = CallGuidance.attestationApiBody(json);
    if (notAnAsRequest.isPresent()) {
      LOG.warning("attestation failed: AS API: request without verification_requests");
      throw new KbsException(
          KbsError.AttestationError, Refusal.INVALID_INPUT, notAnAsRequest.get());
    }
    try {
      return AttestationRequest.fromJson(json);
    } catch (InvalidAttestationRequestException e) {
      throw failed("invalid request: " + e.getMessage());
    }
  }

  public String attest(AttestationRequest request) {
    try {
      if (request.verificationRequests().stream().anyMatch(r -> verifiers.sampleRefused(r.tee()))) {
        throw failed(VerifierProducer.SAMPLE_DISABLED);
      }
      LOG.info(
          () ->
              "attestation request: AS API tee="
                  + LogSafe.escape(request.verificationRequests().get(0).tee()));
      return attestation.evaluate(request).token();
    } catch (InvalidAttestationRequestException e) {
      throw failed("invalid request: " + e.getMessage());
    } catch (BadEvidenceException e) {
      throw failed("bad evidence: " + e.getMessage());
    } catch (PolicyEvaluationException e) {
      throw failed("attestation policy: " + e.getMessage());
    }
  }

  private static KbsException failed(String detail) {
    LOG.warning(() -> "attestation failed: AS API: " + LogSafe.escape(detail, 1024));
    return new KbsException(KbsError.AttestationError, Refusal.INVALID_INPUT, detail);
  }
}
