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
public record ServerStatusView(
    List<Tee> tees,
    Map<String, String> warnings,
    @JsonInclude(JsonInclude.Include.NON_NULL) Database database,
    @JsonInclude(JsonInclude.Include.NON_NULL) Replica replica) {

  public ServerStatusView(List<Tee> tees, Map<String, String> warnings) {
    this(tees, warnings, null, null);
  }

  /**
   * One installed TEE; {@code amd_loaded_at} is when the verifiers were last built from the AMD
   * chain directory (at start, and after each change of its files).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Tee(
      String name,
      boolean available,
      @JsonInclude(JsonInclude.Include.NON_NULL) String problem,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> amdProducts,
      @JsonInclude(JsonInclude.Include.NON_NULL) String amdLoadedAt) {

    public Tee(String name, boolean available, String problem, List<String> amdProducts) {
      this(name, available, problem, amdProducts, null);
    }
  }

  /** Whether this replica's database answered a trivial query, and how long it took. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Database(
      boolean ok, long millis, @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {}

  /**
   * The replica that answered (others share the database but are not listed: each answers for
   * itself, behind the load balancer): host name, start time, build version.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Replica(String host, String startedAt, String version, boolean ready) {}
}
