package io.trustee.kbs.service;

import io.trustee.kbs.as.PolicyRepository;
import io.trustee.kbs.store.PolicyKind;
import io.trustee.kbs.store.PolicyTextRepository;
import io.trustee.kbs.store.StoredPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The attestation service's policy repository on the database: attestation policies are the {@link
 * PolicyKind#ATTESTATION} rows of the policy table. Joins the caller's transaction.
 */
@ApplicationScoped
public class AttestationPolicyStore implements PolicyRepository {

  @Inject PolicyTextRepository policies;
  @Inject Clock clock;

  @Override
  public Optional<String> find(String policyId) {
    return policies.find(PolicyKind.ATTESTATION, policyId).map(StoredPolicy::text);
  }

  @Override
  public void store(String policyId, String regoText) {
    policies.store(PolicyKind.ATTESTATION, policyId, regoText, clock.instant());
  }

  @Override
  public boolean storeIfAbsent(String policyId, String regoText) {
    return policies.storeIfAbsent(PolicyKind.ATTESTATION, policyId, regoText, clock.instant());
  }

  @Override
  public List<String> ids() {
    return policies.ids(PolicyKind.ATTESTATION);
  }

  @Override
  public boolean delete(String policyId) {
    return policies.delete(PolicyKind.ATTESTATION, policyId);
  }
}
