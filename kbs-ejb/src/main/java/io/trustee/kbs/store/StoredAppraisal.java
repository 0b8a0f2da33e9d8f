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
  private final long id;
  private final String sessionId;
  private final String tokenHash;
  private final Instant createdAt;
  private final String tee;
  private final String status;
  private final ObjectNode record;

  public StoredAppraisal(
      long id, String sessionId, String tokenHash, Instant createdAt, String tee, String status,
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

  public String status() {
    return status;
  }

  public ObjectNode record() {
    return record.deepCopy();
  }
}
