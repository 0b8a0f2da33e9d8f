package io.trustee.kbs.store;

/** The two kinds of Rego policy the server stores. */
public enum PolicyKind {
  /** The KBS resource policy ({@code data.policy.allow}), id {@code resource-policy}. */
  RESOURCE,
  /** Attestation (EAR) policies of the AS, ids like {@code default_cpu}. */
  ATTESTATION
}
