package io.trustee.kbs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code kbs.azsnpvtpm.report-verdict-cache}: default, off, bounds. */
class KbsSettingsReportVerdictCacheTest {

  @Test
  void defaultsTo4096() {
    assertThat(TestSettings.of(Map.of()).azSnpVtpmReportVerdictCache()).isEqualTo(4096);
  }

  @Test
  void zeroTurnsItOff() {
    assertThat(
            TestSettings.of(Map.of("kbs.azsnpvtpm.report-verdict-cache", "0"))
                .azSnpVtpmReportVerdictCache())
        .isZero();
  }

  @Test
  void outOfRangeNamesTheSetting() {
    for (String v : new String[] {"-1", "1000001"}) {
      KbsSettings s = TestSettings.of(Map.of("kbs.azsnpvtpm.report-verdict-cache", v));
      assertThatThrownBy(s::azSnpVtpmReportVerdictCache)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("kbs.azsnpvtpm.report-verdict-cache");
    }
  }
}
