package io.trustee.kbs.audit;

/**
 * The action names of the audit trail. They are part of the interface (operators filter on them):
 * add new ones, never rename.
 */
public final class AuditActions {
  public static final String SECRET_SET = "secret.set";
  public static final String SECRET_DELETE = "secret.delete";
  public static final String SECRET_RELEASE = "secret.release";
  public static final String POLICY_RESOURCE_SET = "policy.resource.set";
  public static final String POLICY_ATTESTATION_SET = "policy.attestation.set";
  public static final String RV_REGISTER = "rv.register";
  public static final String RV_DELETE = "rv.delete";
  public static final String RV_PROMOTE = "rv.promote";
  public static final String KEY_ROTATE = "key.rotate";
  public static final String KEY_REWRAP = "key.rewrap";

  private AuditActions() {}
}
