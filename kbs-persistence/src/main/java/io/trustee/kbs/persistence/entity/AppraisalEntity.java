package io.trustee.kbs.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of an appraisal record ("why denied"), kept for a configurable time. */
@Entity
@Table(
    name = "KBS_APPRAISAL",
    indexes = {
      @Index(name = "KBS_APPRAISAL_SESSION", columnList = "SESSION_ID"),
      @Index(name = "KBS_APPRAISAL_TOKEN", columnList = "TOKEN_HASH"),
      @Index(name = "KBS_APPRAISAL_CREATED", columnList = "CREATED_AT")
    })
@SequenceGenerator(
    name = "KBS_APPRAISAL_SEQ",
    sequenceName = "KBS_APPRAISAL_SEQ",
    allocationSize = 20)
public class AppraisalEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "KBS_APPRAISAL_SEQ")
  @Column(name = "ID")
  private Long id;

  @Column(name = "SESSION_ID", nullable = false, length = 32)
  private String sessionId;

  @Column(name = "TOKEN_HASH", nullable = false, length = 64)
  private String tokenHash;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  @Column(name = "TEE", nullable = false, length = 32)
  private String tee;

  @Column(name = "STATUS", nullable = false, length = 32)
  private String status;

  @Lob
  @Column(name = "RECORD_JSON", nullable = false, length = 8388608)
  private String recordJson;

  protected AppraisalEntity() {}

  public AppraisalEntity(
      String sessionId,
      String tokenHash,
      Instant createdAt,
      String tee,
      String status,
      String recordJson) {
    this.sessionId = sessionId;
    this.tokenHash = tokenHash;
    this.createdAt = createdAt.toEpochMilli();
    this.tee = tee;
    this.status = status;
    this.recordJson = recordJson;
  }

  public Long getId() {
    return id;
  }

  public String getSessionId() {
    return sessionId;
  }

  public String getTokenHash() {
    return tokenHash;
  }

  public Instant getCreatedAt() {
    return Instant.ofEpochMilli(createdAt);
  }

  public String getTee() {
    return tee;
  }

  public String getStatus() {
    return status;
  }

  public String getRecordJson() {
    return recordJson;
  }
}
