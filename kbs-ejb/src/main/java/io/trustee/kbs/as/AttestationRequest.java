package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to appraise one or more attesters ({@code attestation-service.md} §1.1, §3.1): at least
 * one verification request (CPU first, then devices) and the policy ids, of which only the first is
 * used. Immutable and thread-safe.
 */
public record AttestationRequest(
    List<VerificationRequest> verificationRequests, List<String> policyIds) {
  /** The id the KBS always asks for. */
  public static final String DEFAULT_POLICY_ID = "default";

  public AttestationRequest {
    verificationRequests = List.copyOf(verificationRequests);
    policyIds = List.copyOf(policyIds);
  }

  /** The first policy id, which names the policy family ({@code default} → {@code default_cpu}). */
  public String policyId() {
    return policyIds.get(0);
  }

  /**
   * Reads the REST body. {@code policy_ids} must be present; an empty array means {@code
   * ["default"]} (as the REST front end upstream does).
   */
  public static AttestationRequest fromJson(JsonNode json)
      throws InvalidAttestationRequestException {
    if (json == null || !json.isObject()) {
      throw new InvalidAttestationRequestException("$", "must be a JSON object");
    }
    JsonNode reqs = json.get("verification_requests");
    if (reqs == null || !reqs.isArray() || reqs.isEmpty()) {
      throw new InvalidAttestationRequestException(
          "verification_requests", "must be a non-empty array");
    }
    List<VerificationRequest> list = new ArrayList<>();
    for (int i = 0; i < reqs.size(); i++) {
      list.add(VerificationRequest.fromJson(reqs.get(i), "verification_requests[" + i + "]"));
    }
    JsonNode ids = json.get("policy_ids");
    if (ids == null || !ids.isArray()) {
      throw new InvalidAttestationRequestException("policy_ids", "missing or not an array");
    }
    List<String> policyIds = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!ids.get(i).isTextual() || ids.get(i).textValue().isBlank()) {
        throw new InvalidAttestationRequestException(
            "policy_ids[" + i + "]", "must be a non-blank string");
      }
      policyIds.add(ids.get(i).textValue());
    }
    if (policyIds.isEmpty()) {
      policyIds.add(DEFAULT_POLICY_ID);
    }
    return new AttestationRequest(list, policyIds);
  }

  /** Checks §3.1: at least one request and one policy id. */
  void validate() throws InvalidAttestationRequestException {
    if (verificationRequests.isEmpty()) {
      throw new InvalidAttestationRequestException("verification_requests", "is empty");
    }
    if (policyIds.isEmpty()) {
      throw new InvalidAttestationRequestException("policy_ids", "is empty");
    }
  }
}
