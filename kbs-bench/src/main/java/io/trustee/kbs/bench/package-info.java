/**
 * JMH benchmarks for the hot paths: az-snp-vtpm verification and its crypto steps, Rego policy
 * compilation and evaluation. They are built with the project but run only on demand; figures go
 * into the issue notes, never into timed unit tests.
 */
package io.trustee.kbs.bench;
