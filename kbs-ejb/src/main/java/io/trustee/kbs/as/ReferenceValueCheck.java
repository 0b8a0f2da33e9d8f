package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.spi.ClaimComparison;
import io.trustee.kbs.rvps.ReferenceValueLookupResult.Status;
import java.util.Objects;
import java.util.Optional;

/**
 * One comparison of a claim with a registered reference value, as seen during an appraisal: the RV
 * name, the claim it maps to (if known), the observed claim value, the lookup status and the
 * registered value, whether they matched, and whether the policy itself queried the value (false
 * for values checked afterwards for completeness). Immutable.
 */
public record ReferenceValueCheck(
    String referenceValue,
    Optional<ClaimPaths.Mapping> mapping,
    Optional<JsonNode> observed,
    Status status,
    Optional<JsonNode> registered,
    boolean matched,
    boolean queriedByPolicy) {

  public ReferenceValueCheck {
    Objects.requireNonNull(referenceValue, "referenceValue");
    Objects.requireNonNull(status, "status");
    observed = observed.map(JsonNode::deepCopy);
    registered = registered.map(JsonNode::deepCopy);
  }

  /** Compares per the mapping; unmapped or absent/expired values never match. */
  static ReferenceValueCheck of(
      String rv,
      Optional<ClaimPaths.Mapping> mapping,
      JsonNode input,
      Status status,
      Optional<JsonNode> registered,
      boolean queried) {
    Optional<JsonNode> observed =
        mapping.map(m -> input.at(m.pointer())).filter(n -> !n.isMissingNode());
    boolean matched =
        status == Status.FOUND
            && observed.isPresent()
            && registered.isPresent()
            && compare(mapping.get().comparison(), observed.get(), registered.get());
    return new ReferenceValueCheck(rv, mapping, observed, status, registered, matched, queried);
  }

  static boolean compare(ClaimComparison c, JsonNode observed, JsonNode registered) {
    return switch (c) {
      case MEMBER -> {
        if (!registered.isArray()) {
          yield false;
        }
        for (JsonNode r : registered) {
          if (same(observed, r)) {
            yield true;
          }
        }
        yield false;
      }
      case EQUALS -> same(observed, registered);
      case AT_LEAST ->
          observed.isNumber()
              && registered.isNumber()
              && observed.decimalValue().compareTo(registered.decimalValue()) >= 0;
    };
  }

  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  /** The claim display name (falls back to the RV name). */
  public String claim() {
    return mapping.map(ClaimPaths.Mapping::path).orElse(referenceValue);
  }

  /**
   * A failure: a registered value that did not match, or one that has expired. A value that is not
   * registered at all is {@link #missing()} instead (policies may treat it as optional).
   */
  public boolean failed() {
    return status == Status.EXPIRED || status == Status.FOUND && !matched;
  }

  /** No value is registered under this name. */
  public boolean missing() {
    return status == Status.ABSENT;
  }

  /** Without values, for the public 401 body. */
  public String publicDescription() {
    return switch (status) {
      case ABSENT -> "reference value '" + referenceValue + "' is not registered";
      case EXPIRED -> "reference value '" + referenceValue + "' has expired";
      case FOUND ->
          mapping.isEmpty()
              ? "reference value '" + referenceValue + "' was queried (no claim mapping known)"
              : observed.isEmpty()
                  ? claim() + " is missing from the evidence"
                  : claim() + " does not match reference value '" + referenceValue + "'";
    };
  }

  /** With values, for administrators, e.g. {@code pcr11: got 5d3a…, registered [9f1c…]}. */
  public String describe() {
    return claim()
        + ": got "
        + observed.map(JsonNode::toString).orElse("nothing")
        + ", registered "
        + (status == Status.ABSENT
            ? "nothing"
            : registered.map(JsonNode::toString).orElse("nothing")
                + (status == Status.EXPIRED ? " (expired)" : ""))
        + " ("
        + referenceValue
        + (matched ? ", matched)" : ", no match)");
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("reference_value", referenceValue);
    mapping.ifPresent(m -> o.put("claim", m.path()).put("comparison", m.comparison().name()));
    observed.ifPresent(v -> o.set("observed", v));
    o.put("status", status.name());
    registered.ifPresent(v -> o.set("registered", v));
    o.put("matched", matched);
    o.put("queried_by_policy", queriedByPolicy);
    return o;
  }
}
