package io.trustee.kbs.as;

/**
 * The attestation policy could not be evaluated or produced an unusable result: the Rego failed to
 * parse or raised a runtime error, a reference-value lookup failed or timed out, {@code
 * trust_claims} is defined but undefined/not an object/empty, or names an unknown claim or a value
 * outside −128…127. The attestation ends without a token (the KBS answers 401).
 */
public class PolicyEvaluationException extends Exception {
  private static final long serialVersionUID = 1L;

  public PolicyEvaluationException(String message) {
    super(message);
  }

  public PolicyEvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
