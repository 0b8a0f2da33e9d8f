package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.attestation.spi.EvidenceVerifier;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import io.trustee.kbs.attestation.spi.TeeClaims;
import io.trustee.kbs.json.Jcs;
import io.trustee.kbs.rvps.ReferenceValueService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The attestation service pipeline ({@code attestation-service.md} §3–§5):
 *
 * <ol>
 *   <li>for each verification request, in order: select the verifier by TEE name; compute the
 *       expected report data (raw bytes, or HASH(UTF-8(JCS(structured))) with the request's
 *       algorithm); process init data (§3.2); verify — any verifier error aborts everything; build
 *       the policy input (§4) under the scheme's wire name;
 *   <li>for each entry: policy id {@code <policy_ids[0]>_<tee_class>}, evaluate it through the
 *       {@link AttestationPolicyEngine} with a recording reference-value lookup, build the trust
 *       vector (§5.3), submodule {@code <tee_class><n>};
 *   <li>assemble the EAR payload (§5.4) and the {@link AppraisalRecord}.
 * </ol>
 *
 * Signing the payload is the token signer's job. Thread-safe if its collaborators are.
 */
public final class AttestationService {
  private final EvidenceVerifierRegistry verifiers;
  private final PolicyRepository policies;
  private final AttestationPolicyEngine engine;
  private final ReferenceValueService referenceValues;
  private final EarConfig config;
  private final Clock clock;

  public AttestationService(
      EvidenceVerifierRegistry verifiers,
      PolicyRepository policies,
      AttestationPolicyEngine engine,
      ReferenceValueService referenceValues,
      EarConfig config,
      Clock clock) {
    this.verifiers = Objects.requireNonNull(verifiers, "verifiers");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.referenceValues = Objects.requireNonNull(referenceValues, "referenceValues");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private record Verified(String tee, String teeClass, ObjectNode input) {}

  /**
   * Verifies every request's evidence, evaluates the policies and assembles the token payload.
   *
   * @throws InvalidAttestationRequestException malformed request, unknown TEE, unsupported hash
   * @throws BadEvidenceException a verifier rejected the evidence (no token)
   * @throws PolicyEvaluationException unknown policy id or unusable policy result (no token)
   */
  public AttestationResult evaluate(AttestationRequest request)
      throws InvalidAttestationRequestException, BadEvidenceException, PolicyEvaluationException {
    request.validate();
    List<Verified> verified = new ArrayList<>();
    for (int i = 0; i < request.verificationRequests().size(); i++) {
      verified.add(
          verify(request.verificationRequests().get(i), "verification_requests[" + i + "]"));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Integer> perClass = new HashMap<>();
    List<SubmoduleAppraisal> submods = new ArrayList<>();
    for (Verified v : verified) {
      int n = perClass.merge(v.teeClass(), 1, Integer::sum) - 1;
      submods.add(appraise(v, v.teeClass() + n, request.policyId()));
    }
    ObjectNode payload = EarPayload.build(config, now, request.policyId(), submods);
    return new AttestationResult(payload, new AppraisalRecord(request.policyId(), now, submods));
  }

  private Verified verify(VerificationRequest r, String field)
      throws InvalidAttestationRequestException, BadEvidenceException {
    EvidenceVerifier verifier =
        verifiers
            .forTee(r.tee())
            .orElseThrow(
                () ->
                    new InvalidAttestationRequestException(
                        field + ".tee", "unsupported TEE '" + r.tee() + "'"));
    byte[] reportData = null;
    JsonNode runtimeClaims = NullNode.getInstance();
    if (r.runtimeData().isPresent()) {
      RuntimeData rd = r.runtimeData().get();
      if (rd instanceof RuntimeData.Raw raw) {
        reportData = raw.bytes();
      } else {
        JsonNode value = ((RuntimeData.Structured) rd).value();
        reportData =
            r.runtimeDataHashAlgorithm()
                .digest(Jcs.canonicalize(value).getBytes(StandardCharsets.UTF_8));
        runtimeClaims = value;
      }
    }
    byte[] initDigest = null;
    JsonNode initClaims = NullNode.getInstance();
    if (r.initData().isPresent()) {
      InitDataProcessor.Result init =
          InitDataProcessor.process(r.initData().get(), field + ".init_data");
      initDigest = init.digest();
      initClaims = init.claims();
    }
    TeeClaims claims = verifier.verify(new EvidenceInput(r.evidence(), reportData, initDigest));
    String tee = verifier.scheme().name();
    ObjectNode input =
        PolicyInput.build(tee, claims.claims(), initClaims, runtimeClaims, config.verboseToken());
    return new Verified(tee, claims.teeClass(), input);
  }

  private SubmoduleAppraisal appraise(Verified v, String submodName, String appraisalPolicyId)
      throws PolicyEvaluationException {
    String policyId = appraisalPolicyId + "_" + v.teeClass();
    String text = policies.find(policyId).orElseThrow(() -> new UnknownPolicyException(policyId));
    RecordingReferenceValueLookup lookup =
        new RecordingReferenceValueLookup(referenceValues, v.tee());
    PolicyVerdict verdict = engine.evaluate(text, v.input(), lookup);
    TrustVector vector = TrustVector.fromPolicy(verdict.trustClaims());
    return new SubmoduleAppraisal(
        submodName,
        v.tee(),
        policyId,
        vector,
        v.input(),
        verdict.extensions(),
        verdict.ruleValues(),
        ContainerImageChecks.apply(
            lookup.checks(v.tee(), v.input(), vector.status() != TrustTier.AFFIRMING),
            verdict.ruleValues()));
  }
}
