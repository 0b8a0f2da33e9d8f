package io.trustee.kbs.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolVersionTest {
  @Test
  void parsesEverySupportedVersion() throws Exception {
    assertThat(ProtocolVersion.parse("0.1.0")).isEqualTo(ProtocolVersion.V0_1_0);
    assertThat(ProtocolVersion.parse("0.1.1")).isEqualTo(ProtocolVersion.V0_1_1);
    assertThat(ProtocolVersion.parse("0.2.0")).isEqualTo(ProtocolVersion.V0_2_0);
    assertThat(ProtocolVersion.parse("0.3.0")).isEqualTo(ProtocolVersion.V0_3_0);
    assertThat(ProtocolVersion.parse("0.4.0")).isEqualTo(ProtocolVersion.V0_4_0);
  }

  @Test
  void buildMetadataIsIgnored() throws Exception {
    assertThat(ProtocolVersion.parse("0.4.0+build.7")).isEqualTo(ProtocolVersion.V0_4_0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.5.0", "1.0.0", "0.4", "0.4.0-rc1", "00.4.0", "v0.4.0", "", " 0.4.0"})
  void rejectsWithVersionMismatchPhrase(String v) {
    assertThatThrownBy(() -> ProtocolVersion.parse(v))
        .isInstanceOf(VersionMismatchException.class)
        .hasMessageContaining("KBS Client Protocol Version Mismatch");
  }

  @Test
  void nullIsAMismatch() {
    assertThatThrownBy(() -> ProtocolVersion.parse(null))
        .hasMessageContaining("KBS Client Protocol Version Mismatch");
  }

  @Test
  void legacyJweOnlyBefore020() {
    assertThat(ProtocolVersion.V0_1_1.usesLegacyJwe()).isTrue();
    assertThat(ProtocolVersion.V0_2_0.usesLegacyJwe()).isFalse();
    assertThat(ProtocolVersion.V0_3_0.hasAdditionalEvidence()).isTrue();
    assertThat(ProtocolVersion.V0_2_0.hasAdditionalEvidence()).isFalse();
  }
}
