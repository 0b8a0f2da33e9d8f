package io.trustee.kbs.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The single head row of the audit chain ({@code HEAD_ID = 1}): the purge anchor and the last
 * event. Every append and every purge batch locks it (pessimistic write) for its transaction, which
 * is what makes appends from several replicas take turns. No {@code @Version}: the lock, not an
 * optimistic check, guards it.
 */
@Entity
@Table(name = "KBS_AUDIT_HEAD")
public class AuditHeadEntity {
  public static final int ID = 1;

  @Id
  @Column(name = "HEAD_ID")
  private int id;

  @Column(name = "ANCHOR_SEQ", nullable = false)
  private long anchorSeq;

  @Column(name = "ANCHOR_HASH", nullable = false, length = 64)
  private String anchorHash;

  @Column(name = "LAST_SEQ", nullable = false)
  private long lastSeq;

  @Column(name = "LAST_HASH", nullable = false, length = 64)
  private String lastHash;

  protected AuditHeadEntity() {}

  public AuditHeadEntity(long anchorSeq, String anchorHash, long lastSeq, String lastHash) {
    this.id = ID;
    this.anchorSeq = anchorSeq;
    this.anchorHash = anchorHash;
    this.lastSeq = lastSeq;
    this.lastHash = lastHash;
  }

  public long getAnchorSeq() {
    return anchorSeq;
  }

  public String getAnchorHash() {
    return anchorHash;
  }

  public long getLastSeq() {
    return lastSeq;
  }

  public String getLastHash() {
    return lastHash;
  }

  /** After an append. */
  public void lastEvent(long seq, String hash) {
    this.lastSeq = seq;
    this.lastHash = hash;
  }

  /** After a purge. */
  public void anchor(long seq, String hash) {
    this.anchorSeq = seq;
    this.anchorHash = hash;
  }
}
