/**
 * The attestation service pipeline (spec {@code attestation-service.md} §3–§5) as plain Java:
 * verification requests, expected report data and init-data handling, verifier selection, the
 * policy input document, policy selection and evaluation through {@link
 * io.trustee.kbs.as.AttestationPolicyEngine}, the AR4SI trustworthiness vector, the EAR token
 * payload (signed elsewhere) and the "why denied" {@link io.trustee.kbs.as.AppraisalRecord}.
 * Nothing here depends on Jakarta EE or on a particular Rego engine.
 */
package io.trustee.kbs.as;
