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

/**
 * One archived or current version of a reference value, or its removal (event {@code DELETED} by
 * the admin API, {@code REVOKED} because its file no longer holds it): the history is append-only.
 */
@Entity
@Table(
    name = "KBS_REFERENCE_VALUE_HISTORY",
    indexes = @Index(name = "KBS_RV_HIST_NAME", columnList = "NAME"))
@SequenceGenerator(name = "KBS_RV_HIST_SEQ", sequenceName = "KBS_RV_HIST_SEQ", allocationSize = 20)
public class ReferenceValueHistoryEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "KBS_RV_HIST_SEQ")
  @Column(name = "ID")
  private Long id;

  @Column(name = "NAME", nullable = false, length = 512)
  private String name;

  @Lob
  @Column(name = "VALUE_JSON", nullable = false, length = 4194304)
  private String valueJson;

  @Column(name = "EXPIRATION", nullable = false)
  private long expiration;

  @Column(name = "RECORD_VERSION", nullable = false, length = 32)
  private String recordVersion;

  @Column(name = "RECORDED_AT", nullable = false)
  private long recordedAt;

  /** {@code DELETED} or {@code REVOKED} for a removal; null = the value was stored. */
  @Column(name = "EVENT", length = 16)
  private String event;

  /** The owning file ({@code file:<path>}) or null for the admin API. */
  @Column(name = "SOURCE", length = 1024)
  private String source;

  protected ReferenceValueHistoryEntity() {}

  public ReferenceValueHistoryEntity(
      String name, String valueJson, Instant expiration, String recordVersion, Instant now) {
    this(name, valueJson, expiration, recordVersion, now, null, null);
  }

  public ReferenceValueHistoryEntity(
      String name,
      String valueJson,
      Instant expiration,
      String recordVersion,
      Instant now,
      String event,
      String source) {
    this.name = name;
    this.valueJson = valueJson;
    this.expiration = expiration.toEpochMilli();
    this.recordVersion = recordVersion;
    this.recordedAt = now.toEpochMilli();
    this.event = event;
    this.source = source;
  }

  public String getEvent() {
    return event;
  }

  public String getSource() {
    return source;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getValueJson() {
    return valueJson;
  }

  public Instant getExpiration() {
    return Instant.ofEpochMilli(expiration);
  }

  public String getRecordVersion() {
    return recordVersion;
  }

  public Instant getRecordedAt() {
    return Instant.ofEpochMilli(recordedAt);
  }
}
