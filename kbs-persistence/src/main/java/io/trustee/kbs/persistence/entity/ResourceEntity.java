package io.trustee.kbs.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Row of a secret: the sealed bytes only (AES-256-GCM), never the plaintext. */
@Entity
@Table(name = "KBS_RESOURCE")
public class ResourceEntity {

  @Id
  @Column(name = "PATH", length = 400)
  private String path;

  @Lob
  @Column(name = "SEALED", nullable = false, length = 8388608)
  private byte[] sealed;

  @Column(name = "KEY_ID", nullable = false, length = 64)
  private String keyId;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  @Column(name = "UPDATED_AT", nullable = false)
  private long updatedAt;

  /**
   * The mounted LocalFs directory that owns the secret ({@code localfs:<dir>}); null = stored
   * through the admin API. Nullable so that the column can be added to an existing table.
   */
  @Column(name = "SOURCE", length = 1024)
  private String source;

  @Version
  @Column(name = "ROW_VERSION")
  private long rowVersion;

  protected ResourceEntity() {}

  public ResourceEntity(String path, byte[] sealed, String keyId, Instant now) {
    this.path = path;
    this.sealed = sealed.clone();
    this.keyId = keyId;
    this.createdAt = now.toEpochMilli();
    this.updatedAt = now.toEpochMilli();
  }

  /** Replaces the sealed value. */
  public void replace(byte[] newSealed, String newKeyId, Instant now) {
    this.sealed = newSealed.clone();
    this.keyId = newKeyId;
    this.updatedAt = now.toEpochMilli();
  }

  public String getSource() {
    return source;
  }

  public void setSource(String newSource) {
    this.source = newSource;
  }

  public String getPath() {
    return path;
  }

  public byte[] getSealed() {
    return sealed.clone();
  }

  public String getKeyId() {
    return keyId;
  }

  public Instant getCreatedAt() {
    return Instant.ofEpochMilli(createdAt);
  }

  public Instant getUpdatedAt() {
    return Instant.ofEpochMilli(updatedAt);
  }
}
