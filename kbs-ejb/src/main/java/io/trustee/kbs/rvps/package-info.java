/**
 * Reference Value Provider Service domain (spec {@code rvps.md}): the {@link
 * io.trustee.kbs.rvps.ReferenceValue} record, its repository interface and in-memory
 * implementation, registration messages with their extractors ({@code sample}, {@code swid}, {@code
 * corim}, {@code runbook}) and optional signed provenance, the importer for reference-value files
 * (R1–R4) with a change-polling watcher, and the {@link io.trustee.kbs.rvps.ReferenceValueService}
 * that ties them together. Plain Java; the container wiring (JPA, EJB, JAX-RS) lives elsewhere.
 */
package io.trustee.kbs.rvps;
