package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The outcome of {@link AttestationService#evaluate}: the EAR token payload (to be signed by the
 * token signer) and the appraisal record. Immutable (the payload is copied in and out).
 */
public record AttestationResult(ObjectNode earPayload, AppraisalRecord record) {
  public AttestationResult {
    earPayload = Objects.requireNonNull(earPayload, "earPayload").deepCopy();
    Objects.requireNonNull(record, "record");
  }

  @Override
  public ObjectNode earPayload() {
    return earPayload.deepCopy();
  }
}
