package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the Rego {@code input} document for one TEE's claims ({@code attestation-service.md} §4):
 * {@code init_data} and {@code report_data} are lifted to the top level next to {@code
 * init_data_claims} and {@code runtime_data_claims}; the remaining claims go under the TEE wire
 * name. Stateless and thread-safe.
 */
public final class PolicyInput {
  private PolicyInput() {}

  /**
   * @param tee the TEE wire name (the scheme name, e.g. {@code az-snp-vtpm})
   * @param initDataClaims init-data claims or {@code null}/{@link NullNode}
   * @param runtimeDataClaims structured runtime data or {@code null}/{@link NullNode}
   * @param verbose when false, {@code additional-evidence} is removed from runtime_data_claims
   */
  public static ObjectNode build(
      String tee,
      ObjectNode claims,
      JsonNode initDataClaims,
      JsonNode runtimeDataClaims,
      boolean verbose) {
    ObjectNode tee2 = claims.deepCopy();
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    JsonNode initData = tee2.get("init_data");
    if (initData != null && initData.isTextual()) {
      tee2.remove("init_data");
      input.set("init_data", initData);
      input.set("init_data_claims", orNull(initDataClaims));
    }
    JsonNode reportData = tee2.get("report_data");
    if (reportData != null && reportData.isTextual()) {
      tee2.remove("report_data");
      input.set("report_data", reportData);
      JsonNode rdc = orNull(runtimeDataClaims);
      if (!verbose && rdc.isObject()) {
        ((ObjectNode) rdc).remove("additional-evidence");
      }
      input.set("runtime_data_claims", rdc);
    }
    input.set(tee, tee2);
    return input;
  }

  private static JsonNode orNull(JsonNode n) {
    return n == null ? NullNode.getInstance() : n.deepCopy();
  }
}
