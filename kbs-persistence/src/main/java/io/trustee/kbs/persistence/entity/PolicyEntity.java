package io.trustee.kbs.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** Row of a stored Rego policy (resource or attestation), keyed by kind and id. */
@Entity
@Table(name = "KBS_POLICY")
@IdClass(PolicyEntity.Key.class)
public class PolicyEntity {

  /** Composite primary key. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String kind;
    private String id;

    public Key() {}

    public Key(String kind, String id) {
      this.kind = kind;
      this.id = id;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(kind, k.kind) && Objects.equals(id, k.id);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, id);
    }
  }

  @Id
  @Column(name = "KIND", length = 16)
  private String kind;

  @Id
  @Column(name = "ID", length = 128)
  private String id;

  @Lob
  @Column(name = "TEXT", nullable = false, length = 4194304)
  private String text;

  @Column(name = "UPDATED_AT", nullable = false)
  private long updatedAt;

  /**
   * Optimistic lock: a write based on a stale read fails instead of silently overwriting. Nullable
   * because the column was added to existing tables; {@code SchemaUpkeep} sets it on old rows at
   * start-up (EclipseLink refuses to update a row whose version is null).
   */
  @Version
  @Column(name = "ROW_VERSION")
  private Long rowVersion;

  /**
   * The mounted file or directory that owns this policy ({@code file:<path>}), or null for a policy
   * stored through the admin API or installed as a default.
   */
  @Column(name = "SOURCE", length = 1024)
  private String source;

  protected PolicyEntity() {}

  public PolicyEntity(String kind, String id, String text, Instant now) {
    this.kind = kind;
    this.id = id;
    this.text = text;
    this.updatedAt = now.toEpochMilli();
  }

  public void replace(String newText, Instant now) {
    this.text = newText;
    this.updatedAt = now.toEpochMilli();
  }

  public String getSource() {
    return source;
  }

  public void setSource(String newSource) {
    this.source = newSource;
  }

  public String getKind() {
    return kind;
  }

  public String getId() {
    return id;
  }

  public String getText() {
    return text;
  }

  public Instant getUpdatedAt() {
    return Instant.ofEpochMilli(updatedAt);
  }

  /** The optimistic-lock version (null on a row written before the column existed). */
  public Long getRowVersion() {
    return rowVersion;
  }
}
