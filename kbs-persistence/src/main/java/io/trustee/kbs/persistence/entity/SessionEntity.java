package io.trustee.kbs.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of an RCAR session. Mapped to and from {@code KbsSession} by the repository. */
@Entity
@Table(name = "KBS_SESSION", indexes = @Index(name = "KBS_SESSION_EXP", columnList = "EXPIRES_AT"))
@NamedQuery(
    name = SessionEntity.PURGE_EXPIRED,
    // By primary key only: a condition on EXPIRES_AT lets Derby plan a range scan with a table
    // lock, which deadlocks with the /auth inserts (a session's expiry never changes, so the ids
    // selected as expired stay expired).
    query = "DELETE FROM SessionEntity s WHERE s.id IN :ids")
public class SessionEntity {
  public static final String PURGE_EXPIRED = "SessionEntity.purgeExpired";

  @Id
  @Column(name = "ID", length = 32)
  private String id;

  @Column(name = "TEE", nullable = false, length = 32)
  private String tee;

  @Column(name = "PROTOCOL_VERSION", nullable = false, length = 16)
  private String protocolVersion;

  @Column(name = "NONCE", nullable = false, length = 88)
  private String nonce;

  @Column(name = "STATE", nullable = false, length = 16)
  private String state;

  @Lob
  @Column(name = "TOKEN", length = 4194304)
  private String token;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  @Column(name = "EXPIRES_AT", nullable = false)
  private long expiresAt;

  protected SessionEntity() {}

  public SessionEntity(
      String id,
      String tee,
      String protocolVersion,
      String nonce,
      String state,
      Instant createdAt,
      Instant expiresAt) {
    this.id = id;
    this.tee = tee;
    this.protocolVersion = protocolVersion;
    this.nonce = nonce;
    this.state = state;
    this.createdAt = createdAt.toEpochMilli();
    this.expiresAt = expiresAt.toEpochMilli();
  }

  /** Records the token of a successful attestation. */
  public void attest(String newToken) {
    this.token = newToken;
    this.state = "ATTESTED";
  }

  public String getId() {
    return id;
  }

  public String getTee() {
    return tee;
  }

  public String getProtocolVersion() {
    return protocolVersion;
  }

  public String getNonce() {
    return nonce;
  }

  public String getState() {
    return state;
  }

  public String getToken() {
    return token;
  }

  public Instant getCreatedAt() {
    return Instant.ofEpochMilli(createdAt);
  }

  public Instant getExpiresAt() {
    return Instant.ofEpochMilli(expiresAt);
  }
}
