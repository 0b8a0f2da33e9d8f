package io.trustee.kbs.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One recorded appraisal ("why denied"): which session and token it produced, when, the overall
 * status and the full record as JSON. The record holds reference values, so only the admin API
 * returns it. Immutable (the JSON is copied in and out).
 */
public final class StoredAppraisal {
  /** The session column of an appraisal made by the standalone AS API, which has no session. */
  public static final String AS_API_SESSION = "as-api";

  private final long id;
  private final String sessionId;
  private final String tokenHash;
  private final Instant createdAt;
  private final String tee;
  private final AppraisalStatus status;
  private final ObjectNode record;

  public StoredAppraisal(
      long id,
      String sessionId,
      String tokenHash,
      Instant createdAt,
      String tee,
      AppraisalStatus status,
      ObjectNode record) {
    this.id = id;
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.tokenHash = Objects.requireNonNull(tokenHash, "tokenHash");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.tee = Objects.requireNonNull(tee, "tee");
    this.status = Objects.requireNonNull(status, "status");
    this.record = Objects.requireNonNull(record, "record").deepCopy();
  }

  public long id() {
    return id;
  }

  /** The session id, or {@link #AS_API_SESSION}. */
  public String sessionId() {
    return sessionId;
  }

  public String tokenHash() {
    return tokenHash;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String tee() {
    return tee;
  }

  public AppraisalStatus status() {
    return status;
  }

  public ObjectNode record() {
    return record.deepCopy();
  }
}
