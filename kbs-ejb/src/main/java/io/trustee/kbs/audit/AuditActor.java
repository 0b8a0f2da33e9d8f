package io.trustee.kbs.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * Who made an audited request. Never a credential: an administrator is named by the fingerprint of
 * the Ed25519 key that verified the token or by the identity provider's subject and issuer; a guest
 * by the SHA-256 of its session id (or of its Bearer token) and its TEE; a refused admin request by
 * {@link #unauthenticated()}. Immutable.
 *
 * @param kind {@code admin}, {@code guest} or {@code unauthenticated}
 * @param id the fingerprint, subject or hash (empty for {@code unauthenticated})
 * @param issuer the identity provider's {@code iss}, when the admin came through one
 * @param tee the guest's TEE, when known
 */
public record AuditActor(String kind, String id, Optional<String> issuer, Optional<String> tee) {
  public static final String ADMIN = "admin";
  public static final String GUEST = "guest";
  public static final String UNAUTHENTICATED = "unauthenticated";

  /** Longest id, issuer or TEE kept; longer values are cut (they are labels, not proofs). */
  public static final int MAX_CHARS = 256;

  public AuditActor {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(tee, "tee");
    if (!kind.equals(ADMIN) && !kind.equals(GUEST) && !kind.equals(UNAUTHENTICATED)) {
      throw new IllegalArgumentException("unknown actor kind: " + kind);
    }
    id = cut(id);
    issuer = issuer.map(AuditActor::cut);
    tee = tee.map(AuditActor::cut);
  }

  public static AuditActor admin(String id, Optional<String> issuer) {
    return new AuditActor(ADMIN, id, issuer, Optional.empty());
  }

  public static AuditActor guest(String ref, Optional<String> tee) {
    return new AuditActor(GUEST, ref, Optional.empty(), tee);
  }

  public static AuditActor unauthenticated() {
    return new AuditActor(UNAUTHENTICATED, "", Optional.empty(), Optional.empty());
  }

  private static String cut(String s) {
    return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS);
  }
}
