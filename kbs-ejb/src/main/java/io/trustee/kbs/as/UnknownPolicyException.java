package io.trustee.kbs.as;

/**
 * No attestation policy is stored under the selected id ({@code <policy_ids[0]>_<tee_class>}). The
 * attestation ends without a token.
 */
public final class UnknownPolicyException extends PolicyEvaluationException {
  private static final long serialVersionUID = 1L;
  private final String policyId;

  public UnknownPolicyException(String policyId) {
    super("no attestation policy with id '" + policyId + "'");
    this.policyId = policyId;
  }

  public String policyId() {
    return policyId;
  }
}
