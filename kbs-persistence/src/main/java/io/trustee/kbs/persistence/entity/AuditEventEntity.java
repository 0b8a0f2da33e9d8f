package io.trustee.kbs.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * One audit event, append-only (no setters): the fields of the chain's canonical encoding, the
 * previous event's hash and its own. {@code SEQ_NO} is assigned from the head row under its lock,
 * not by a database sequence, so the numbers have no gaps.
 */
@Entity
@Table(
    name = "KBS_AUDIT_EVENT",
    indexes = {
      @Index(name = "KBS_AUDIT_TIME", columnList = "EVENT_TIME"),
      @Index(name = "KBS_AUDIT_ACTOR", columnList = "ACTOR_ID"),
      @Index(name = "KBS_AUDIT_REQUEST", columnList = "REQUEST_ID")
    })
public class AuditEventEntity {

  @Id
  @Column(name = "SEQ_NO")
  private long seq;

  @Column(name = "EVENT_TIME", nullable = false)
  private long time;

  @Column(name = "ACTOR_KIND", nullable = false, length = 16)
  private String actorKind;

  @Column(name = "ACTOR_ID", nullable = false, length = 256)
  private String actorId;

  @Column(name = "ACTOR_ISSUER", length = 256)
  private String actorIssuer;

  @Column(name = "ACTOR_TEE", length = 256)
  private String actorTee;

  @Column(name = "EVENT_ACTION", nullable = false, length = 64)
  private String action;

  @Column(name = "EVENT_TARGET", nullable = false, length = 512)
  private String target;

  @Column(name = "OUTCOME", nullable = false, length = 16)
  private String outcome;

  @Column(name = "HTTP_STATUS", nullable = false)
  private int status;

  @Column(name = "REQUEST_ID", nullable = false, length = 128)
  private String requestId;

  @Column(name = "PREV_HASH", nullable = false, length = 64)
  private String prevHash;

  @Column(name = "EVENT_HASH", nullable = false, length = 64)
  private String hash;

  protected AuditEventEntity() {}

  @SuppressWarnings("checkstyle:ParameterNumber")
  public AuditEventEntity(
      long seq,
      long time,
      String actorKind,
      String actorId,
      String actorIssuer,
      String actorTee,
      String action,
      String target,
      String outcome,
      int status,
      String requestId,
      String prevHash,
      String hash) {
    this.seq = seq;
    this.time = time;
    this.actorKind = actorKind;
    this.actorId = actorId;
    this.actorIssuer = actorIssuer;
    this.actorTee = actorTee;
    this.action = action;
    this.target = target;
    this.outcome = outcome;
    this.status = status;
    this.requestId = requestId;
    this.prevHash = prevHash;
    this.hash = hash;
  }

  public long getSeq() {
    return seq;
  }

  public long getTime() {
    return time;
  }

  public String getActorKind() {
    return actorKind;
  }

  public String getActorId() {
    return actorId;
  }

  public String getActorIssuer() {
    return actorIssuer;
  }

  public String getActorTee() {
    return actorTee;
  }

  public String getAction() {
    return action;
  }

  public String getTarget() {
    return target;
  }

  public String getOutcome() {
    return outcome;
  }

  public int getStatus() {
    return status;
  }

  public String getRequestId() {
    return requestId;
  }

  public String getPrevHash() {
    return prevHash;
  }

  public String getHash() {
    return hash;
  }
}
