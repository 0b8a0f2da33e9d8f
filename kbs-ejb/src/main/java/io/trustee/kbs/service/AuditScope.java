package io.trustee.kbs.service;

import io.trustee.kbs.admin.AdminPrincipal;
import io.trustee.kbs.audit.AuditActor;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * What one request tells its audit event beyond the path and the status: the admin principal (set
 * by the admin filter), the guest (set by {@link ResourceService#fetch} once the guest's token
 * verified) and, where the path does not name it, the target (set by the façade that parsed it from
 * the body). The web layer's audit filter reads it when the answer is known. One instance per HTTP
 * request; not shared between threads.
 */
@RequestScoped
public class AuditScope {
  private AdminPrincipal admin;
  private AuditActor guest;
  private String target;

  public void admin(AdminPrincipal principal) {
    this.admin = principal;
  }

  /**
   * The guest of a secret request: {@code ref} is a hash of its session id or token, never the
   * value.
   */
  public void guest(String ref, Optional<String> tee) {
    this.guest = AuditActor.guest(ref, tee);
  }

  /** The target, when the façade learnt it from the body (a policy id, reference-value names). */
  public void target(String target) {
    this.target = target;
  }

  public Optional<AdminPrincipal> admin() {
    return Optional.ofNullable(admin);
  }

  public Optional<AuditActor> guest() {
    return Optional.ofNullable(guest);
  }

  public Optional<String> target() {
    return Optional.ofNullable(target);
  }
}
