package io.trustee.kbs.as;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustVectorTest {

  @Test
  void tierBoundaries() {
    int[][] ranges = {{-1, 1}, {2, 31}, {32, 95}, {96, 127}, {-32, -2}, {-96, -33}, {-128, -97}};
    TrustTier[] tiers = {
      TrustTier.NONE,
      TrustTier.AFFIRMING,
      TrustTier.WARNING,
      TrustTier.CONTRAINDICATED,
      TrustTier.AFFIRMING,
      TrustTier.WARNING,
      TrustTier.CONTRAINDICATED
    };
    for (int i = 0; i < ranges.length; i++) {
      for (int v = ranges[i][0]; v <= ranges[i][1]; v++) {
        assertThat(TrustTier.of(v)).as("value %d", v).isEqualTo(tiers[i]);
      }
    }
    assertThatThrownBy(() -> TrustTier.of(128)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TrustTier.of(-129)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void absentRuleSetsAllEightToZero() throws Exception {
    TrustVector v = TrustVector.fromPolicy(Optional.empty());
    assertThat(v.claims())
        .hasSize(8)
        .containsOnlyKeys(TrustVector.CLAIMS)
        .allSatisfy((k, val) -> assertThat(val).isZero());
    assertThat(v.status()).isEqualTo(TrustTier.NONE);
  }

  @Test
  void statusIsTheMostSevereTierAndOrderIsCanonical() throws Exception {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("hardware", 2);
    m.put("executables", 33);
    m.put("instance-identity", 0);
    TrustVector v = TrustVector.fromPolicy(Optional.of(m));
    assertThat(v.status()).isEqualTo(TrustTier.WARNING);
    assertThat(v.claims().keySet()).containsExactly("instance-identity", "executables", "hardware");
    assertThat(v.toJson().toString())
        .isEqualTo("{\"instance-identity\":0,\"executables\":33,\"hardware\":2}");
    m.put("configuration", -97);
    assertThat(TrustVector.fromPolicy(Optional.of(m)).status())
        .isEqualTo(TrustTier.CONTRAINDICATED);
  }

  @Test
  void rejectsEmptyUnknownAndOutOfRange() {
    assertThatThrownBy(() -> TrustVector.fromPolicy(Optional.of(Map.of())))
        .isInstanceOf(PolicyEvaluationException.class)
        .hasMessageContaining("at least one policy claim must be set");
    assertThatThrownBy(() -> TrustVector.fromPolicy(Optional.of(Map.of("filesystem", 0))))
        .hasMessageContaining("unknown claim 'filesystem'");
    assertThatThrownBy(() -> TrustVector.fromPolicy(Optional.of(Map.of("hardware", 128))))
        .hasMessageContaining("hardware = 128 is outside -128..127");
    assertThatThrownBy(() -> TrustVector.fromPolicy(Optional.of(Map.of("hardware", -129))))
        .isInstanceOf(PolicyEvaluationException.class);
  }
}
