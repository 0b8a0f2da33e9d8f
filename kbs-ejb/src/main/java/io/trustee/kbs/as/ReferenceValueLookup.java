package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The host side of the Rego built-in {@code query_reference_value(id)}: the value registered under
 * {@code id}, or empty (Rego {@code null}) when there is none or it has expired. Implementations
 * used during an appraisal record every call for the {@link AppraisalRecord}. Must be safe to call
 * from the engine's evaluation thread; a failure is an unchecked exception, which the engine turns
 * into a {@link PolicyEvaluationException}.
 */
@FunctionalInterface
public interface ReferenceValueLookup {
  Optional<JsonNode> query(String id);
}
