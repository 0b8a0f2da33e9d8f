package io.trustee.kbs.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.protocol.SessionId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An appraisal record to store ({@link AppraisalRepository#add}). Immutable (the JSON is copied in
 * and out).
 *
 * @param session the RCAR session that was appraised; empty for the standalone AS API, stored as
 *     {@link StoredAppraisal#AS_API_SESSION}
 * @param tokenHash SHA-256 (hex) of the token the attestation issued
 * @param createdAt when the appraisal was made
 * @param tee the TEE as the request named it: the session's normalised name, or the AS API's {@code
 *     verification_requests[0].tee} (which may be an alias spelling)
 * @param status affirming or not
 * @param record the full record (its stored form)
 */
public record NewAppraisal(
    Optional<SessionId> session,
    String tokenHash,
    Instant createdAt,
    String tee,
    AppraisalStatus status,
    ObjectNode record) {

  public NewAppraisal {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(tee, "tee");
    Objects.requireNonNull(status, "status");
    record = Objects.requireNonNull(record, "record").deepCopy();
  }

  @Override
  public ObjectNode record() {
    return record.deepCopy();
  }
}
