package io.trustee.kbs.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * Row of the current reference value of a name (rvps.md §1). The value is JSON text; {@code SOURCE}
 * names the mounted file that owns it (null: the admin API).
 */
@Entity
@Table(name = "KBS_REFERENCE_VALUE")
public class ReferenceValueEntity {

  @Id
  @Column(name = "NAME", length = 512)
  private String name;

  @Lob
  @Column(name = "VALUE_JSON", nullable = false, length = 4194304)
  private String valueJson;

  @Column(name = "EXPIRATION", nullable = false)
  private long expiration;

  @Column(name = "RECORD_VERSION", nullable = false, length = 32)
  private String recordVersion;

  @Column(name = "UPDATED_AT", nullable = false)
  private long updatedAt;

  /**
   * Which mounted file owns the value ({@code file:<path>}); null = registered through the admin
   * API. Nullable so that the column can be added to an existing table.
   */
  @Column(name = "SOURCE", length = 1024)
  private String source;

  @Version
  @Column(name = "ROW_VERSION")
  private long rowVersion;

  protected ReferenceValueEntity() {}

  public ReferenceValueEntity(
      String name, String valueJson, Instant expiration, String recordVersion, Instant now) {
    this.name = name;
    this.valueJson = valueJson;
    this.expiration = expiration.toEpochMilli();
    this.recordVersion = recordVersion;
    this.updatedAt = now.toEpochMilli();
  }

  public void replace(String newValueJson, Instant newExpiration, String newVersion, Instant now) {
    this.valueJson = newValueJson;
    this.expiration = newExpiration.toEpochMilli();
    this.recordVersion = newVersion;
    this.updatedAt = now.toEpochMilli();
  }

  public String getSource() {
    return source;
  }

  public void setSource(String newSource) {
    this.source = newSource;
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

  public Instant getUpdatedAt() {
    return Instant.ofEpochMilli(updatedAt);
  }
}
