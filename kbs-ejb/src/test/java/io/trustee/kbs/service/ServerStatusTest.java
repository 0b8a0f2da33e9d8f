package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.json.Json;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /kbs/v0/status} data ({@link VerifierProducer#teeStatus()}, {@link ServerStatusView}):
 * every installed TEE with its availability, and for az-snp-vtpm the AMD product lines whose chains
 * were loaded.
 */
class ServerStatusTest {
  @TempDir Path data;

  private VerifierProducer producer(String certsDir, boolean sample) {
    Map<String, String> m = new HashMap<>();
    m.put("kbs.data.dir", data.toString());
    m.put("kbs.tee.sample.enabled", Boolean.toString(sample));
    if (certsDir != null) {
      m.put("kbs.amd.certs-dir", certsDir);
    }
    return VerifierProducerReadinessTest.started(m);
  }

  private static ServerStatusView.Tee tee(List<ServerStatusView.Tee> all, String name) {
    return all.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theOfficialChainsAreListedPerProduct() {
    List<ServerStatusView.Tee> tees =
        producer(TestVectors.path("amd").toString(), true).teeStatus();

    ServerStatusView.Tee az = tee(tees, "az-snp-vtpm");
    assertThat(az.available()).isTrue();
    assertThat(az.problem()).isNull();
    assertThat(az.amdProducts()).containsExactly("Milan", "Genoa", "Turin");
    ServerStatusView.Tee sample = tee(tees, "sample");
    assertThat(sample.available()).isTrue();
    assertThat(sample.amdProducts()).isNull();
  }

  @Test
  void withoutChainsAzSnpVtpmIsUnavailableWithTheReasonAndNoProducts() {
    List<ServerStatusView.Tee> tees = producer(null, false).teeStatus();

    ServerStatusView.Tee az = tee(tees, "az-snp-vtpm");
    assertThat(az.available()).isFalse();
    assertThat(az.problem()).contains("kbs.amd.certs-dir").contains("does not exist");
    assertThat(az.amdProducts()).isEmpty();
    assertThat(tee(tees, "sample").available()).isFalse();
  }

  @Test
  void theJsonHasSnakeCaseNamesAndLeavesOutWhatDoesNotApply() throws Exception {
    ServerStatusView v =
        new ServerStatusView(
            List.of(
                new ServerStatusView.Tee("sample", true, null, null),
                new ServerStatusView.Tee("az-snp-vtpm", true, null, List.of("Milan"))),
            Map.of("insecure-api", "admin API open without credentials"));
    assertThat(Json.mapper().writeValueAsString(v))
        .isEqualTo(
            "{\"tees\":[{\"name\":\"sample\",\"available\":true},"
                + "{\"name\":\"az-snp-vtpm\",\"available\":true,\"amd_products\":[\"Milan\"]}],"
                + "\"warnings\":{\"insecure-api\":\"admin API open without credentials\"}}");
  }
}
