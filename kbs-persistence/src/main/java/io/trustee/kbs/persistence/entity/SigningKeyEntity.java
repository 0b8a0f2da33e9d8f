package io.trustee.kbs.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * Row of the token signing key ring: the public JWK in clear and the private key sealed under the
 * key-encryption key {@code KEK_ID}. {@code RETIRED_AT} null means the key may sign.
 */
@Entity
@Table(name = "KBS_SIGNING_KEY")
public class SigningKeyEntity {

  @Id
  @Column(name = "KID", length = 64)
  private String kid;

  @Column(name = "ALG", nullable = false, length = 16)
  private String alg;

  @Column(name = "PUBLIC_JWK", nullable = false, length = 4000)
  private String publicJwk;

  @Lob
  @Column(name = "SEALED_PRIVATE", nullable = false, length = 65536)
  private byte[] sealedPrivate;

  @Column(name = "KEK_ID", nullable = false, length = 64)
  private String kekId;

  @Column(name = "SOURCE", nullable = false, length = 32)
  private String source;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  @Column(name = "ACTIVATED_AT", nullable = false)
  private long activatedAt;

  @Column(name = "RETIRED_AT")
  private Long retiredAt;

  @Version
  @Column(name = "ROW_VERSION")
  private long rowVersion;

  protected SigningKeyEntity() {}

  public SigningKeyEntity(
      String kid,
      String alg,
      String publicJwk,
      byte[] sealedPrivate,
      String kekId,
      String source,
      long createdAt,
      long activatedAt,
      Long retiredAt) {
    this.kid = kid;
    this.alg = alg;
    this.publicJwk = publicJwk;
    this.sealedPrivate = sealedPrivate.clone();
    this.kekId = kekId;
    this.source = source;
    this.createdAt = createdAt;
    this.activatedAt = activatedAt;
    this.retiredAt = retiredAt;
  }

  public String getKid() {
    return kid;
  }

  public String getAlg() {
    return alg;
  }

  public String getPublicJwk() {
    return publicJwk;
  }

  public byte[] getSealedPrivate() {
    return sealedPrivate.clone();
  }

  public String getKekId() {
    return kekId;
  }

  public String getSource() {
    return source;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public long getActivatedAt() {
    return activatedAt;
  }

  public Long getRetiredAt() {
    return retiredAt;
  }
}
