package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * An EAR appraisal extension produced by the policy ({@code data.policy.extensions[*]}): emitted in
 * the submodule under {@code name} with {@code value}; {@code key} is its CBOR key (e.g. −18 for
 * {@code ear.trustee.identifiers}). Immutable.
 */
public record Extension(String name, int key, JsonNode value) {
  public Extension {
    Objects.requireNonNull(name, "name");
    value = Objects.requireNonNull(value, "value").deepCopy();
  }

  @Override
  public JsonNode value() {
    return value.deepCopy();
  }
}
