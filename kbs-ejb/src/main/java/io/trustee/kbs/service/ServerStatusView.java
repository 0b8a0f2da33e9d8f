package io.trustee.kbs.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /kbs/v0/status} (not upstream): what an operator checks from outside ({@code
 * kbs-client doctor}) that the KBS listener's readiness does not show — {@code {"tees": [{name,
 * available, problem?, amd_products?}], "warnings": {key: text}}}. {@code amd_products} (e.g.
 * {@code ["Milan","Genoa"]}) is present for az-snp-vtpm only and lists the AMD product lines whose
 * ARK/ASK chains were loaded; {@code warnings} are the readiness warnings of the console listener
 * (insecure admin API, unpinned AMD roots, …). No counts, no secrets.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServerStatusView(List<Tee> tees, Map<String, String> warnings) {

  /** One installed TEE. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Tee(
      String name,
      boolean available,
      @JsonInclude(JsonInclude.Include.NON_NULL) String problem,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> amdProducts) {}
}
